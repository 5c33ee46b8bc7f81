package nnc.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One inline expectation of a golden file: {@code // KIND: TEXT} or {@code // KIND@COL: TEXT}
 * at the end of the line it is about. Kinds: {@code error} (a diagnostic of severity error on
 * that line, whose message contains TEXT, at column COL when given); other kinds such as
 * {@code shape} are handled by the runner's other checks. The source text is scanned line by
 * line, so an expectation also works inside an unterminated string or comment.
 */
record Expectation(String kind, int line, int col, String text) {
    private static final Pattern INLINE = Pattern.compile("//\\s*([a-z]+)(?:@(\\d+))?:\\s*(.*?)\\s*$");

    static List<Expectation> parse(String source) {
        List<Expectation> out = new ArrayList<>();
        String[] lines = source.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = INLINE.matcher(lines[i]);
            // Only the last "// kind:" on a line counts, so a message may itself contain "//".
            int from = 0;
            Expectation found = null;
            while (m.find(from)) {
                String kind = m.group(1);
                if (kind.equals("error") || kind.equals("warning") || kind.equals("shape")) {
                    int col = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                    found = new Expectation(kind, i + 1, col, m.group(3));
                    break;
                }
                from = m.start() + 2;
            }
            if (found != null) out.add(found);
        }
        return out;
    }

    @Override
    public String toString() {
        return "line " + line + (col > 0 ? " col " + col : "") + ": // " + kind + ": " + text;
    }
}
