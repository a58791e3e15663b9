package org.tsunagu.id.admin;

import org.springframework.boot.jackson.JacksonMixin;
import org.tsunagu.api.id.model.SigningKeyRotationRequest;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Reads the body of {@code POST /v1/admin/signing-keys/rotate} strictly, whatever the shared JSON
 * settings: a JSON object whose only field is {@code withdrawPrevious}, once, as {@code true} or
 * {@code false}. Anything else (null, a string or number, an unknown or repeated field) is
 * refused, which Spring answers with 400 {@code bad-request}: a misspelt or coerced field must
 * not turn an emergency withdrawal into a planned rotation, or the other way round (ADR 0056).
 */
@JacksonMixin(SigningKeyRotationRequest.class)
@JsonDeserialize(using = SigningKeyRotationBody.Reader.class)
abstract class SigningKeyRotationBody {

    private static final String WITHDRAW_PREVIOUS = "withdrawPrevious";

    private SigningKeyRotationBody() {
    }

    static final class Reader extends ValueDeserializer<SigningKeyRotationRequest> {

        @Override
        public SigningKeyRotationRequest deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.isExpectedStartObjectToken()) {
                return refuse(context, "The body must be a JSON object.");
            }
            SigningKeyRotationRequest request = new SigningKeyRotationRequest();
            boolean seen = false;
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                if (!WITHDRAW_PREVIOUS.equals(name)) {
                    return refuse(context, "Unknown field; the only one is withdrawPrevious.");
                }
                if (seen) {
                    return refuse(context, "withdrawPrevious is given twice.");
                }
                JsonToken value = parser.nextToken();
                if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                    return refuse(context, "withdrawPrevious must be true or false.");
                }
                request.setWithdrawPrevious(value == JsonToken.VALUE_TRUE);
                seen = true;
            }
            return request;
        }

        /** A {@code null} body is not an object either (an empty body means the defaults). */
        @Override
        public Object getNullValue(DeserializationContext context) {
            return refuse(context, "The body must be a JSON object.");
        }

        private static <T> T refuse(DeserializationContext context, String reason) {
            return context.reportInputMismatch(SigningKeyRotationRequest.class, reason);
        }
    }
}
