package inventory;

import java.util.Map;

public final class Stock {
    public static final class Supplier {
        final String contact;

        Supplier(String contact) {
            this.contact = contact;
        }
    }

    private Stock() {
    }

    public static String supplierEmail(Supplier supplier) {
        String contact = supplier.contact;
        return contact.toLowerCase();
    }

    public static String binOf(String location) {
        String[] parts = location.split("-");
        return parts[2];
    }

    public static int parseCount(String text) {
        return Integer.parseInt(text);
    }

    public static int perPallet(int units, int pallets) {
        return units / pallets;
    }

    public static int reorderLevel(Map<String, Integer> levels, String sku) {
        Integer level = levels.get(sku);
        return level * 2;
    }
}
