package inventory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reports an exception as a Sentry event to a store endpoint with what the Java SDK sends: the
 * exception's class and message, its frames (outermost first), in-app for this package, and
 * source context read from the sources beside the classes.
 */
final class Reporter {
    private Reporter() {
    }

    static void report(Throwable error, String storeUrl, String job) throws Exception {
        StackTraceElement[] trace = error.getStackTrace();
        List<String> frames = new ArrayList<>();
        for (int i = trace.length - 1; i >= 0; i--) {
            StackTraceElement f = trace[i];
            boolean inApp = f.getClassName().startsWith("inventory.");
            StringBuilder json = new StringBuilder("{");
            json.append("\"module\":").append(quote(f.getClassName())).append(',');
            json.append("\"function\":").append(quote(f.getMethodName())).append(',');
            json.append("\"filename\":").append(quote(f.getFileName())).append(',');
            json.append("\"lineno\":").append(f.getLineNumber()).append(',');
            json.append("\"in_app\":").append(inApp);
            Path source = Path.of("src", "inventory", String.valueOf(f.getFileName()));
            if (inApp && Files.exists(source)) {
                List<String> lines = Files.readAllLines(source);
                int n = f.getLineNumber();
                if (n >= 1 && n <= lines.size()) {
                    json.append(",\"abs_path\":").append(quote(source.toAbsolutePath().toString()));
                    json.append(",\"context_line\":").append(quote(lines.get(n - 1)));
                    json.append(",\"pre_context\":").append(array(lines.subList(Math.max(0, n - 6), n - 1)));
                    json.append(",\"post_context\":").append(array(lines.subList(n, Math.min(lines.size(), n + 5))));
                }
            }
            frames.add(json.append('}').toString());
        }
        String event = "{\"event_id\":" + quote(UUID.randomUUID().toString().replace("-", ""))
            + ",\"timestamp\":" + (System.currentTimeMillis() / 1000.0)
            + ",\"platform\":\"java\",\"level\":\"error\",\"release\":\"inventory@5.2.0\",\"environment\":\"production\""
            + ",\"sdk\":{\"name\":\"bugsage.dataset.java\",\"version\":\"1.0.0\"}"
            + ",\"tags\":{\"job\":" + quote(job) + "}"
            + ",\"exception\":{\"values\":[{\"type\":" + quote(error.getClass().getName())
            + ",\"value\":" + quote(String.valueOf(error.getMessage()))
            + ",\"mechanism\":{\"type\":\"UncaughtExceptionHandler\",\"handled\":false}"
            + ",\"stacktrace\":{\"frames\":[" + String.join(",", frames) + "]}}]}}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(storeUrl)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException("report refused: " + response.statusCode());
    }

    private static String array(List<String> lines) {
        List<String> quoted = new ArrayList<>();
        for (String line : lines) quoted.add(quote(line));
        return "[" + String.join(",", quoted) + "]";
    }

    private static String quote(String text) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
