package nnc.tests;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnc.check.CheckedModel;
import nnc.check.LayerInstance;
import nnc.cli.FrontendResult;

/**
 * The checker's inline expectations of golden files, written in the comment at the end of a line:
 * <ul>
 *   <li>{@code shape: (None, 28, 28, 6)} or {@code shape: [None, 20]} — the output shape of the last layer
 *       instance whose call starts on that line ({@code None} for the batch may be left out);</li>
 *   <li>{@code params: 156} — that instance's parameter count;</li>
 *   <li>{@code total-params: 61706}, {@code trainable-params: N} — on the line of a {@code model} declaration,
 *       the model's counts (commas allowed: {@code 61,706}).</li>
 * </ul>
 * Several may share a line ({@code // shape: (None, 20)  params: 220}).
 */
final class CheckExpectations {
    private CheckExpectations() {}

    private static final Pattern SHAPE = Pattern.compile("(?<![-\\w])shape:\\s*([\\[(][^\\])]*[\\])])");
    private static final Pattern PARAMS = Pattern.compile("(?<![-\\w])params:\\s*([\\d,]+)");
    private static final Pattern TOTAL = Pattern.compile("total-params:\\s*([\\d,]+)");
    private static final Pattern TRAINABLE = Pattern.compile("trainable-params:\\s*([\\d,]+)");

    /** Checks every expectation of the file; returns how many there were. */
    static int check(FrontendResult result, List<String> problems) {
        String[] lines = result.source().text().split("\r?\n", -1);
        Map<Integer, LayerInstance> lastOnLine = new HashMap<>();
        Map<Integer, CheckedModel> models = new HashMap<>();
        if (result.check() != null) {
            for (CheckedModel m : result.check().program().models()) {
                if (!m.span().file().equals(result.source().path())) continue;
                models.put(m.span().line(), m);
                for (LayerInstance l : m.layers()) lastOnLine.put(l.span().line(), l);
            }
        }
        int count = 0;
        for (int i = 0; i < lines.length; i++) {
            int c = lines[i].indexOf("//");
            if (c < 0) continue;
            String comment = lines[i].substring(c);
            if (comment.contains("error:")) continue;
            int line = i + 1;
            Matcher m;
            if ((m = TOTAL.matcher(comment)).find()) {
                count++;
                CheckedModel model = models.get(line);
                long want = number(m.group(1));
                if (model == null) problems.add("line " + line + ": total-params expected, but no checked model is declared here");
                else if (model.totalParams() != want) problems.add("line " + line + ": model " + model.name() + " has " + model.totalParams() + " parameters, expected " + want);
            }
            if ((m = TRAINABLE.matcher(comment)).find()) {
                count++;
                CheckedModel model = models.get(line);
                long want = number(m.group(1));
                if (model == null) problems.add("line " + line + ": trainable-params expected, but no checked model is declared here");
                else if (model.trainableParams() != want) problems.add("line " + line + ": model " + model.name() + " has " + model.trainableParams() + " trainable parameters, expected " + want);
            }
            if ((m = SHAPE.matcher(comment)).find()) {
                count++;
                LayerInstance l = lastOnLine.get(line);
                String want = normalize(m.group(1));
                if (l == null) problems.add("line " + line + ": shape expected, but no layer is applied on this line");
                else if (!normalize(l.outputShape().keras()).equals(want)) problems.add("line " + line + ": " + l.name() + " has output shape " + l.outputShape().keras() + ", expected " + m.group(1));
            }
            if ((m = PARAMS.matcher(comment)).find()) {
                count++;
                LayerInstance l = lastOnLine.get(line);
                long want = number(m.group(1));
                if (l == null) problems.add("line " + line + ": params expected, but no layer is applied on this line");
                else if (l.paramCount() != want) problems.add("line " + line + ": " + l.name() + " has " + l.paramCount() + " parameters, expected " + want);
            }
        }
        return count;
    }

    private static long number(String s) {
        return Long.parseLong(s.replace(",", ""));
    }

    /** "(None, 28, 28, 6)", "[None, 28, 28, 6]" and "[28, 28, 6]" all become "None,28,28,6". */
    private static String normalize(String shape) {
        String s = shape.replaceAll("[\\[\\]() ]", "");
        return s.startsWith("None") ? s : s.isEmpty() ? "None" : "None," + s;
    }
}
