package org.tsunagu.id.app;

import java.util.List;

import org.tsunagu.api.id.model.DataCategory;
import org.tsunagu.api.id.model.Purpose;

/**
 * One registered third-party app as listed in the public app directory. {@code webhookUrl}: the
 * webhook URL the operator approved (null when none), whose origin bounds the app's subscriptions.
 */
public record AppEntry(String clientId, String name, String nameEn, String operator, String municipality,
                       List<DataCategory> categories, List<Purpose> purposes, String webhookUrl) {
}
