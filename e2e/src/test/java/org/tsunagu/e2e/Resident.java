package org.tsunagu.e2e;

/** A demo resident from {@code seeds/residents.csv}. */
record Resident(String residentId, String login, String password) {
    static final Resident HANAKO = new Resident("RID-0001", "hanako", "Aizu-Hanako-2026");
    static final Resident TARO = new Resident("RID-0002", "taro", "Bandai-Taro-2026");
    static final Resident SAKURA = new Resident("RID-0003", "sakura", "Nishi-Sakura-2026");
}
