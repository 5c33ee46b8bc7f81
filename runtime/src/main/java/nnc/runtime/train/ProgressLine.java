package nnc.runtime.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras 3's progress output for {@code fit}:
 * <pre>
 * Epoch 3/100
 * 5/5 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - accuracy: 0.9100 - loss: 0.3412 - val_accuracy: 0.9000 - val_loss: 0.3310
 * </pre>
 * Values are shown with four decimals ({@code %.4e} below 1e-3), training keys in alphabetical
 * order, then the {@code val_} keys. On a terminal (verbose 1) the bar is redrawn in place after each
 * batch; otherwise only the final line of each epoch is printed.
 */
public final class ProgressLine {
    static final int BAR_WIDTH = 20;
    private final PrintStream out;
    private final boolean live;
    private long lastDraw;

    /**
     * @param out  the stream
     * @param live redraw the bar with carriage returns during the epoch (for terminals)
     */
    public ProgressLine(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    /**
     * Whether the JVM's output is an interactive terminal. On JDK 22+ {@code System.console()} exists
     * even when output is redirected, so {@code Console.isTerminal()} (looked up reflectively, the
     * runtime compiles for Java 21) decides there.
     */
    public static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null || "dumb".equals(System.getenv("TERM"))) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for terminals
        }
    }

    /** Whether the bar is redrawn during the epoch. */
    public boolean live() {
        return live;
    }

    public void epochBegin(int epoch, int epochs) {
        out.println("Epoch " + (epoch + 1) + "/" + epochs);
        lastDraw = 0;
    }

    /** After batch {@code step} (1-based) of {@code steps}; redraws at most every 50 ms on a terminal. */
    public void batchEnd(int step, int steps, double seconds, Map<String, Double> logs) {
        if (!live || step == steps) return;
        long now = System.nanoTime();
        if (now - lastDraw < 50_000_000L) return;
        lastDraw = now;
        out.print("\r" + line(step, steps, seconds, logs) + "\u001b[K");
        out.flush();
    }

    /** A line of its own (a callback's message), clearing a partly drawn bar first on a terminal. */
    public void message(String line) {
        out.print((live ? "\r\u001b[K" : "") + line + "\n");
        out.flush();
    }

    /** The final line of an epoch. */
    public void epochEnd(int steps, double seconds, Map<String, Double> logs) {
        out.print((live ? "\r" : "") + line(steps, steps, seconds, logs) + (live ? "\u001b[K" : "") + "\n");
        out.flush();
    }

    /** The text of a progress line (no control characters). */
    public static String line(int step, int steps, double seconds, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        sb.append(step).append('/').append(steps).append(' ');
        int done = steps == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * step / steps);
        sb.append("━".repeat(done)).append("─".repeat(BAR_WIDTH - done));
        sb.append(' ').append(String.format(Locale.ROOT, "%.0fs", Math.floor(seconds)));
        sb.append(' ').append(perStep(step == 0 ? 0 : seconds / step));
        for (String k : ordered(logs)) sb.append(" - ").append(k).append(": ").append(value(logs.get(k)));
        return sb.toString();
    }

    /** Keras' time per step: {@code 2s/step}, {@code 15ms/step} or {@code 800us/step}. */
    static String perStep(double s) {
        if (s >= 1) return String.format(Locale.ROOT, "%.0fs/step", s);
        if (s >= 1e-3) return String.format(Locale.ROOT, "%.0fms/step", s * 1e3);
        return String.format(Locale.ROOT, "%.0fus/step", s * 1e6);
    }

    /** Keras' number format: {@code %.4f} above 1e-3 in magnitude, {@code %.4e} otherwise (0 shows as 0.0000e+00). */
    public static String value(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, Math.abs(v) > 1e-3 ? "%.4f" : "%.4e", v);
    }

    /** Training keys alphabetically, then validation keys alphabetically ({@code learning_rate} among the training keys). */
    static List<String> ordered(Map<String, Double> logs) {
        List<String> train = new ArrayList<>(), val = new ArrayList<>();
        for (String k : logs.keySet()) (k.startsWith("val_") ? val : train).add(k);
        train.sort(null);
        val.sort(null);
        train.addAll(val);
        return train;
    }
}
