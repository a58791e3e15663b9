package org.tsunagu.consent.receipt;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

/** Reading a resident's own receipts (list and download). */
@Service
public class Receipts {

    private final ReceiptStore store;

    Receipts(ReceiptStore store) {
        this.store = store;
    }

    /** Newest first. */
    public List<ConsentReceipt> of(String residentId) {
        return store.listByResident(residentId);
    }

    public Optional<ConsentReceipt> find(String residentId, String receiptId) {
        return store.findOwned(residentId, receiptId);
    }
}
