package nnc.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code nnc summary}: the Keras 3 {@code model.summary()} table for a checked model. A sequential model
 * gets the three columns {@code Layer (type)}, {@code Output Shape}, {@code Param #}; a functional one
 * (several inputs, merges, named values) also shows its input layers and a {@code Connected to} column,
 * as Keras does. Counts use thousands separators and the footer gives the float32 memory the same way
 * Keras formats it ({@code Total params: 283 (1.11 KB)}).
 */
public final class Summary {
    private Summary() {}

    public static String render(CheckedModel m) {
        boolean seq = m.sequential();
        List<String[]> rows = new ArrayList<>();
        if (!seq) {
            for (ModelInput in : m.inputs()) rows.add(new String[] {in.name() + " (InputLayer)", in.shape().keras(), "0", "-"});
        }
        for (LayerInstance l : m.layers()) {
            String connected = String.join(", ", l.inputs().stream()
                    .filter(o -> o instanceof Operand.Tensor).map(o -> o + "[0][0]").toList());
            rows.add(new String[] {l.name() + " (" + l.kerasClass() + ")", l.outputShape().keras(), count(l.paramCount()),
                    connected.isEmpty() ? "-" : connected});
        }
        String[] header = seq ? new String[] {"Layer (type)", "Output Shape", "Param #"}
                : new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"};
        // Keras' default line lengths (88 sequential, 108 functional) split by its column positions.
        int[] widths = seq ? new int[] {36, 27, 15} : new int[] {29, 25, 16, 25};
        for (String[] r : rows) for (int c = 0; c < widths.length; c++) widths[c] = Math.max(widths[c], r[c].length());
        boolean[] right = seq ? new boolean[] {false, false, true} : new boolean[] {false, false, true, false};

        StringBuilder b = new StringBuilder();
        b.append("Model: \"").append(m.name()).append("\"\n");
        b.append(line('┏', '━', '┳', '┓', widths));
        b.append(row('┃', header, widths, right));
        b.append(line('┡', '━', '╇', '┩', widths));
        for (int i = 0; i < rows.size(); i++) {
            b.append(row('│', rows.get(i), widths, right));
            if (i < rows.size() - 1) b.append(line('├', '─', '┼', '┤', widths));
        }
        b.append(line('└', '─', '┴', '┘', widths));
        long total = m.totalParams(), trainable = m.trainableParams(), frozen = m.nonTrainableParams();
        b.append(" Total params: ").append(count(total)).append(" (").append(memory(total * 4)).append(")\n");
        b.append(" Trainable params: ").append(count(trainable)).append(" (").append(memory(trainable * 4)).append(")\n");
        b.append(" Non-trainable params: ").append(count(frozen)).append(" (").append(memory(frozen * 4)).append(")\n");
        return b.toString();
    }

    /** {@code 61706} → {@code 61,706}, as Python's {@code f"{n:,}"}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Keras' readable_memory_size: 1024-based units with two decimals ({@code 1.11 KB}, {@code 0.00 B}). */
    public static String memory(double bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        for (String u : units) {
            if (bytes / 1024 < 1) return String.format(Locale.ROOT, "%.2f %s", bytes, u);
            bytes /= 1024;
        }
        return String.format(Locale.ROOT, "%.2f %s", bytes, units[units.length - 1]);
    }

    private static String line(char l, char fill, char mid, char r, int[] widths) {
        StringBuilder b = new StringBuilder().append(l);
        for (int c = 0; c < widths.length; c++) {
            b.append(String.valueOf(fill).repeat(widths[c] + 2));
            b.append(c == widths.length - 1 ? r : mid);
        }
        return b.append('\n').toString();
    }

    private static String row(char sep, String[] cells, int[] widths, boolean[] right) {
        StringBuilder b = new StringBuilder().append(sep);
        for (int c = 0; c < widths.length; c++) {
            String s = cells[c];
            String pad = " ".repeat(widths[c] - s.length());
            b.append(' ').append(right[c] ? pad + s : s + pad).append(' ').append(sep);
        }
        return b.append('\n').toString();
    }
}
