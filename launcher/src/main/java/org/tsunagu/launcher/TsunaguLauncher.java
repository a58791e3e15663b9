package org.tsunagu.launcher;

public class TsunaguLauncher {
    public static void main(String[] args) {
    }
}
