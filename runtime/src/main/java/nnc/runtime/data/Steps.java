package nnc.runtime.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import nnc.runtime.DType;
import nnc.runtime.Tensor;
import nnc.runtime.io.FileFormatException;

/**
 * The data transforms of LANGUAGE.md.
 * <ul>
 *   <li>{@code columns(a, b, …)}: numeric CSV columns → {@code [n, k]}; {@code column(a)}: one column →
 *       {@code [n, 1]} numbers when its first cell is a number (then every cell must be one), else strings.</li>
 *   <li>{@code images}, {@code labels}: the arrays of an {@code idx} source.</li>
 *   <li>{@code standardize}: per feature (last axis) {@code (x - mean) / std}, population std, fitted on
 *       the training rows; a constant feature (std 0) is only centred. State {@code data.B.mean}, {@code data.B.std}.</li>
 *   <li>{@code minmax}: per feature {@code (x - min) / (max - min)} fitted on the training rows (range 0: only
 *       shifted). State {@code data.B.min}, {@code data.B.max}.</li>
 *   <li>{@code scale(f)}: {@code x * f}.</li>
 *   <li>{@code onehot(n)}: string labels → index in sorted order of the distinct labels (saved as metadata
 *       {@code data.B.labels}); numeric labels must be integers in {@code [0, n)}. Output {@code [n_rows, n]}.</li>
 *   <li>{@code windows(size)}: a series {@code [n, f]} → inputs {@code [n - size, size, f]} and next-step
 *       targets {@code [n - size, f]}.</li>
 *   <li>{@code tokenize(num_words)}: Keras {@link Tokenizer} fitted on the training rows (vocabulary saved
 *       as metadata {@code data.B.vocabulary}); {@code pad_sequences(maxlen)}: Keras pre-padding with 0 and
 *       pre-truncation (keeps the last {@code maxlen}) → int {@code [n, maxlen]}.</li>
 *   <li>{@code reshape([d1, …])}: per-sample reshape.</li>
 * </ul>
 */
public final class Steps {
    private Steps() {}

    static Tensor numeric(Value v, String step, Step.Context ctx) throws FileFormatException {
        return switch (v) {
            case Value.Numeric n -> n.tensor();
            case Value.Strings s -> throw new FileFormatException(ctx.file(), 0, step + " needs numbers, but the column holds text (e.g. '"
                    + (s.values().isEmpty() ? "" : s.values().get(0)) + "')");
            case Value.Sequences s -> throw new FileFormatException(ctx.file(), 0, step + " needs numbers; apply pad_sequences after tokenize first");
            case Value.Pair p -> throw new FileFormatException(ctx.file(), 0, step + " cannot follow windows: windows must be the last step");
        };
    }

    static Tensor floats(Value v, String step, Step.Context ctx) throws FileFormatException {
        Tensor t = numeric(v, step, ctx);
        return t.dtype() == DType.F32 ? t : Tensor.of(t.toFloatArray(), t.shape());
    }

    public static Step columns(List<String> names) {
        return new Step() {
            public String describe() { return "columns(" + String.join(", ", names) + ")"; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                return new Value.Numeric(csv(ctx, describe()).numbers(names));
            }
        };
    }

    public static Step column(String name) {
        return new Step() {
            public String describe() { return "column(" + name + ")"; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                CsvTable t = csv(ctx, describe());
                // A column whose first cell is a number is numeric: a later non-number is a data error
                // reported with its line, not a silent switch to text labels.
                int c = t.columnIndex(name);
                if (CsvTable.parse(t.cell(0, c)) != null) return new Value.Numeric(t.numbers(List.of(name)));
                return new Value.Strings(t.strings(name));
            }
        };
    }

    private static CsvTable csv(Step.Context ctx, String step) throws FileFormatException {
        if (ctx.source() == null || ctx.source().csv() == null) {
            throw new FileFormatException(ctx.file(), 0, step + " selects CSV columns, but this source is not a CSV file");
        }
        return ctx.source().csv();
    }

    /** {@code images} or {@code labels} of an idx source. */
    public static Step array(String key) {
        return new Step() {
            public String describe() { return key; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                if (ctx.source() == null) throw new FileFormatException(ctx.file(), 0, key + " needs an idx or npy source");
                Tensor t = ctx.source().array(key);
                // IDX labels are class ids: int32, as the checker types them (images stay float32).
                if (key.equals("labels") && ctx.source().csv() == null && t.dtype() == DType.F32 && ctx.source().isIdx()) {
                    float[] f = t.floats();
                    int[] ints = new int[t.size()];
                    for (int k = 0; k < ints.length; k++) ints[k] = (int) f[k];
                    t = Tensor.of(ints, t.shape());
                }
                return new Value.Numeric(t);
            }
        };
    }

    public static Step standardize() {
        return new Step() {
            public String describe() { return "standardize"; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                Tensor x = floats(in, describe(), ctx);
                int f = x.rank() < 2 ? 1 : x.dim(-1);
                float[] mean, std;
                if (ctx.fit()) {
                    double[] s = new double[f], s2 = new double[f];
                    float[] d = x.floats();
                    int n = ctx.trainRows() * x.sampleSize();
                    for (int k = 0; k < n; k++) s[k % f] += d[k];
                    long count = (long) n / f;
                    mean = new float[f];
                    std = new float[f];
                    for (int j = 0; j < f; j++) mean[j] = (float) (s[j] / count);
                    for (int k = 0; k < n; k++) {
                        double e = d[k] - s[k % f] / count;
                        s2[k % f] += e * e;
                    }
                    for (int j = 0; j < f; j++) std[j] = (float) Math.sqrt(s2[j] / count);
                    ctx.state().put(ctx.key("mean"), Tensor.of(mean, f));
                    ctx.state().put(ctx.key("std"), Tensor.of(std, f));
                } else {
                    mean = stat(ctx, "mean", f);
                    std = stat(ctx, "std", f);
                }
                float[] src = x.floats(), out = new float[x.size()];
                for (int k = 0; k < out.length; k++) {
                    float sd = std[k % f];
                    out[k] = (src[k] - mean[k % f]) / (sd == 0 ? 1 : sd);
                }
                return new Value.Numeric(Tensor.of(out, x.shape()));
            }
        };
    }

    public static Step minmax() {
        return new Step() {
            public String describe() { return "minmax"; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                Tensor x = floats(in, describe(), ctx);
                int f = x.rank() < 2 ? 1 : x.dim(-1);
                float[] min, max;
                if (ctx.fit()) {
                    min = new float[f];
                    max = new float[f];
                    Arrays.fill(min, Float.POSITIVE_INFINITY);
                    Arrays.fill(max, Float.NEGATIVE_INFINITY);
                    float[] d = x.floats();
                    int n = ctx.trainRows() * x.sampleSize();
                    for (int k = 0; k < n; k++) {
                        min[k % f] = Math.min(min[k % f], d[k]);
                        max[k % f] = Math.max(max[k % f], d[k]);
                    }
                    ctx.state().put(ctx.key("min"), Tensor.of(min, f));
                    ctx.state().put(ctx.key("max"), Tensor.of(max, f));
                } else {
                    min = stat(ctx, "min", f);
                    max = stat(ctx, "max", f);
                }
                float[] src = x.floats(), out = new float[x.size()];
                for (int k = 0; k < out.length; k++) {
                    float range = max[k % f] - min[k % f];
                    out[k] = (src[k] - min[k % f]) / (range == 0 ? 1 : range);
                }
                return new Value.Numeric(Tensor.of(out, x.shape()));
            }
        };
    }

    private static float[] stat(Step.Context ctx, String name, int f) throws FileFormatException {
        Tensor t;
        try {
            t = ctx.state().get(ctx.key(name));
        } catch (IllegalStateException e) {
            throw new FileFormatException(ctx.file(), 0, e.getMessage() + "; was the model trained with this data block?");
        }
        if (t.size() != f) {
            throw new FileFormatException(ctx.file(), 0, "the input has " + f + " features but " + ctx.key(name) + " was fitted on " + t.size());
        }
        return t.floats();
    }

    public static Step scale(double factor) {
        return new Step() {
            public String describe() { return "scale(" + factor + ")"; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                Tensor x = floats(in, describe(), ctx);
                float[] src = x.floats(), out = new float[x.size()];
                for (int k = 0; k < out.length; k++) out[k] = (float) (src[k] * factor);
                return new Value.Numeric(Tensor.of(out, x.shape()));
            }
        };
    }

    public static Step onehot(int classes) {
        return new Step() {
            public String describe() { return "onehot(" + classes + ")"; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                int[] idx;
                if (in instanceof Value.Strings s) {
                    for (int r = 0; r < s.rows(); r++) {
                        if (s.values().get(r).isBlank()) {
                            int line = ctx.source() != null && ctx.source().csv() != null ? ctx.source().csv().line(r) : 0;
                            throw new FileFormatException(ctx.file(), line, "empty label in a column used with " + describe());
                        }
                    }
                    List<String> labels;
                    if (ctx.fit()) {
                        labels = new ArrayList<>(new TreeSet<>(s.values()));
                        if (labels.size() > classes) {
                            throw new FileFormatException(ctx.file(), 0, describe() + " but the column has " + labels.size()
                                    + " different labels: " + String.join(", ", labels.subList(0, Math.min(8, labels.size())))
                                    + (labels.size() > 8 ? ", …" : ""));
                        }
                        ctx.state().putText(ctx.key("labels"), String.join("\n", labels));
                    } else {
                        labels = List.of(ctx.state().getText(ctx.key("labels")).split("\n", -1));
                    }
                    idx = new int[s.rows()];
                    for (int r = 0; r < idx.length; r++) {
                        idx[r] = labels.indexOf(s.values().get(r));
                        if (idx[r] < 0) throw new FileFormatException(ctx.file(), 0, "unknown label '" + s.values().get(r) + "'");
                    }
                } else {
                    Tensor t = numeric(in, describe(), ctx);
                    if (t.sampleSize() != 1) throw new FileFormatException(ctx.file(), 0, describe() + " needs one label per row, got " + t);
                    idx = new int[t.batch()];
                    for (int r = 0; r < idx.length; r++) {
                        float v = t.getFloat(r);
                        if (v != Math.rint(v) || v < 0 || v >= classes) {
                            int line = ctx.source() != null && ctx.source().csv() != null ? ctx.source().csv().line(r) : 0;
                            throw new FileFormatException(ctx.file(), line, describe() + " needs integer labels in [0, " + classes + "), got " + v);
                        }
                        idx[r] = (int) v;
                    }
                }
                float[] out = new float[idx.length * classes];
                for (int r = 0; r < idx.length; r++) out[r * classes + idx[r]] = 1;
                return new Value.Numeric(Tensor.of(out, idx.length, classes));
            }
        };
    }

    public static Step windows(int size) {
        return windows(size, 1, 1);
    }

    /**
     * Windows of {@code size} consecutive rows as inputs and the following {@code horizon} rows
     * (flattened) as targets, a window starting every {@code stride} rows:
     * {@code floor((n - size - horizon) / stride) + 1} samples.
     */
    public static Step windows(int size, int horizon, int stride) {
        if (size < 1 || horizon < 1 || stride < 1) throw new IllegalArgumentException("windows: size, horizon and stride must be positive");
        return new Step() {
            public String describe() {
                return "windows(size = " + size + (horizon != 1 ? ", horizon = " + horizon : "") + (stride != 1 ? ", stride = " + stride : "") + ")";
            }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                Tensor x = floats(in, describe(), ctx);
                int n = x.batch(), f = x.sampleSize();
                if (n < size + horizon) {
                    throw new FileFormatException(ctx.file(), 0, describe() + " needs at least " + (size + horizon) + " rows, the series has " + n);
                }
                int m = (n - size - horizon) / stride + 1;
                float[] d = x.floats(), xs = new float[m * size * f], ys = new float[m * horizon * f];
                for (int w = 0; w < m; w++) {
                    int start = w * stride;
                    System.arraycopy(d, start * f, xs, w * size * f, size * f);
                    System.arraycopy(d, (start + size) * f, ys, w * horizon * f, horizon * f);
                }
                return new Value.Pair(Tensor.of(xs, m, size, f), Tensor.of(ys, m, horizon * f));
            }
        };
    }

    public static Step tokenize(int numWords) {
        return tokenize(numWords, true);
    }

    /** {@code tokenize(num_words, lower)}; {@code numWords <= 0} keeps every word. */
    public static Step tokenize(int numWords, boolean lower) {
        return new Step() {
            public String describe() { return "tokenize(num_words = " + (numWords > 0 ? numWords : "none") + (lower ? "" : ", lower = false") + ")"; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                if (!(in instanceof Value.Strings s)) throw new FileFormatException(ctx.file(), 0, describe() + " needs a text column");
                Tokenizer tok;
                if (ctx.fit()) {
                    tok = Tokenizer.fit(s.values().subList(0, Math.min(ctx.trainRows(), s.rows())), numWords, lower);
                    ctx.state().putText(ctx.key("vocabulary"), tok.vocabularyText());
                } else {
                    tok = Tokenizer.fromVocabulary(ctx.state().getText(ctx.key("vocabulary")), numWords, lower);
                }
                List<int[]> seqs = new ArrayList<>(s.rows());
                for (String t : s.values()) seqs.add(tok.sequence(t));
                return new Value.Sequences(seqs);
            }
        };
    }

    public static Step padSequences(int maxlen) {
        return padSequences(maxlen, true, true, 0);
    }

    /**
     * Keras {@code pad_sequences}: sequences shorter than {@code maxlen} are filled with {@code value} in
     * front ({@code padPre}) or behind; longer ones lose their first ({@code truncatePre}) or last ids.
     */
    public static Step padSequences(int maxlen, boolean padPre, boolean truncatePre, int value) {
        return new Step() {
            public String describe() {
                return "pad_sequences(maxlen = " + maxlen + (padPre ? "" : ", padding = post") + (truncatePre ? "" : ", truncating = post")
                        + (value != 0 ? ", value = " + value : "") + ")";
            }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                if (!(in instanceof Value.Sequences s)) throw new FileFormatException(ctx.file(), 0, describe() + " needs sequences (use tokenize first)");
                int[] out = new int[s.rows() * maxlen];
                Arrays.fill(out, value);
                for (int r = 0; r < s.rows(); r++) {
                    int[] q = s.values().get(r);
                    int keep = Math.min(q.length, maxlen);
                    int from = truncatePre ? q.length - keep : 0;
                    int to = padPre ? r * maxlen + maxlen - keep : r * maxlen;
                    System.arraycopy(q, from, out, to, keep);
                }
                return new Value.Numeric(Tensor.of(out, s.rows(), maxlen));
            }
        };
    }

    /** Per-sample reshape; one dimension may be -1 (inferred from the element count). */
    public static Step reshape(int[] shape) {
        return new Step() {
            public String describe() { return "reshape(" + Arrays.toString(shape) + ")"; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                Tensor x = numeric(in, describe(), ctx);
                int[] target = shape.clone();
                int unknown = -1;
                long known = 1;
                for (int k = 0; k < target.length; k++) {
                    if (target[k] == -1 && unknown < 0) unknown = k;
                    else known *= target[k];
                }
                if (unknown >= 0 && known > 0 && x.sampleSize() % known == 0) target[unknown] = (int) (x.sampleSize() / known);
                if (Tensor.count(target) != x.sampleSize() || Arrays.stream(target).anyMatch(d -> d <= 0)) {
                    throw new FileFormatException(ctx.file(), 0, describe() + ": a sample has " + x.sampleSize() + " values, the shape needs "
                            + Tensor.count(shape));
                }
                int[] s = new int[target.length + 1];
                s[0] = x.batch();
                System.arraycopy(target, 0, s, 1, target.length);
                return new Value.Numeric(x.reshape(s));
            }
        };
    }

    /** {@code cast(dtype = float | int)}: to int truncates toward zero (as NumPy's {@code astype}). */
    public static Step cast(boolean toInt) {
        return new Step() {
            public String describe() { return "cast(dtype = " + (toInt ? "int" : "float") + ")"; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                Tensor x = numeric(in, describe(), ctx);
                if (!toInt) return new Value.Numeric(x.dtype() == DType.F32 ? x : Tensor.of(x.toFloatArray(), x.shape()));
                if (x.dtype() == DType.I32) return new Value.Numeric(x);
                float[] f = x.floats();
                int[] out = new int[x.size()];
                for (int k = 0; k < out.length; k++) out[k] = (int) f[k];
                return new Value.Numeric(Tensor.of(out, x.shape()));
            }
        };
    }

    /**
     * {@code noise(stddev, seed)}: adds Gaussian noise with the given stddev to the training data (e.g. the
     * input of a denoising autoencoder), drawn once when the data is loaded from {@code seed} (or a stream
     * derived from the binding name when no seed is given). Inputs to {@code predict} are left as they are.
     */
    public static Step noise(double stddev, Long seed) {
        return new Step() {
            public String describe() { return "noise(stddev = " + stddev + (seed != null ? ", seed = " + seed : "") + ")"; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                Tensor x = floats(in, describe(), ctx);
                if (!ctx.fit()) return new Value.Numeric(x);
                nnc.runtime.Rng rng = new nnc.runtime.Rng(seed != null ? seed : nnc.runtime.Rng.derive(0, "noise:" + ctx.binding()));
                float[] src = x.floats(), out = new float[x.size()];
                for (int k = 0; k < out.length; k++) out[k] = (float) (src[k] + stddev * rng.nextGaussian());
                return new Value.Numeric(Tensor.of(out, x.shape()));
            }
        };
    }

    /** {@code clip(min = 0, max = 1)}. */
    public static Step clip(double min, double max) {
        return new Step() {
            public String describe() { return "clip(min = " + min + ", max = " + max + ")"; }

            public Value apply(Value in, Context ctx) throws FileFormatException {
                Tensor x = floats(in, describe(), ctx);
                float[] src = x.floats(), out = new float[x.size()];
                for (int k = 0; k < out.length; k++) out[k] = (float) Math.min(max, Math.max(min, src[k]));
                return new Value.Numeric(Tensor.of(out, x.shape()));
            }
        };
    }

    /**
     * A step from its {@code .nn} spelling: the checker's transform name and bound arguments. Source fields:
     * {@code columns(names)}, {@code column(name)}, {@code images}, {@code labels}, {@code array(name)}.
     * Argument values are {@link Number}, {@link Boolean}, {@link String} (identifiers such as {@code post}),
     * or lists of those ({@code names}, {@code target_shape}); missing ones take the defaults of LANGUAGE.md.
     */
    public static Step of(String name, java.util.Map<String, ?> args) {
        return switch (name) {
            case "columns" -> columns(strings(args.get("names")));
            case "column" -> column(String.valueOf(args.get("name")));
            case "images", "labels" -> array(name);
            case "array" -> array(String.valueOf(args.get("name")));
            case "standardize" -> standardize();
            case "minmax" -> minmax();
            case "scale" -> scale(num(args, "factor", 1));
            case "onehot" -> onehot((int) num(args, "num_classes", num(args, "n", 0)));
            case "windows" -> windows((int) num(args, "size", 1), (int) num(args, "horizon", 1), (int) num(args, "stride", 1));
            case "tokenize" -> tokenize(args.get("num_words") instanceof Number n ? n.intValue() : 0,
                    !(args.get("lower") instanceof Boolean b) || b);
            case "pad_sequences" -> padSequences((int) num(args, "maxlen", 1), !"post".equals(args.get("padding")),
                    !"post".equals(args.get("truncating")), (int) num(args, "value", 0));
            case "reshape" -> reshape(strings(args.get("target_shape")).stream().mapToInt(Integer::parseInt).toArray());
            case "cast" -> cast("int".equals(args.get("dtype")));
            case "noise" -> noise(num(args, "stddev", 0), args.get("seed") instanceof Number n ? n.longValue() : null);
            case "clip" -> clip(num(args, "min", 0), num(args, "max", 1));
            default -> throw new IllegalArgumentException("unknown data transform '" + name + "'");
        };
    }

    private static double num(java.util.Map<String, ?> args, String key, double dflt) {
        return args.get(key) instanceof Number n ? n.doubleValue() : dflt;
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) out.add(o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue()) : String.valueOf(o));
        } else if (v instanceof int[] a) {
            for (int x : a) out.add(Integer.toString(x));
        } else if (v != null) {
            out.add(String.valueOf(v));
        }
        return out;
    }
}
