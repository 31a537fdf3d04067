package inventory;

import java.util.Map;

/** Runs one inventory job; when it fails, reports the exception like Sentry's Java SDK does. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        try {
            System.out.println(run(args[0], args[1]));
        } catch (RuntimeException error) {
            Reporter.report(error, args[2], args[0]);
            System.exit(1);
        }
    }

    static Object run(String job, String argument) {
        switch (job) {
            case "supplier": return Stock.supplierEmail(new Stock.Supplier(argument.equals("none") ? null : argument));
            case "bin": return Stock.binOf(argument);
            case "count": return Stock.parseCount(argument);
            case "pallets": return Stock.perPallet(120, Integer.parseInt(argument));
            case "reorder": return Stock.reorderLevel(Map.of("MUG-2", 10), argument);
            default: throw new IllegalArgumentException("unknown job " + job);
        }
    }
}
