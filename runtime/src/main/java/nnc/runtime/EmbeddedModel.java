package nnc.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import nnc.runtime.compiled.NetworkLayout;
import nnc.runtime.data.Binding;
import nnc.runtime.data.DataState;
import nnc.runtime.data.SourceData;
import nnc.runtime.data.Step;
import nnc.runtime.data.Steps;
import nnc.runtime.io.FileFormatException;
import nnc.runtime.io.Npy;
import nnc.runtime.io.Safetensors;
import nnc.runtime.train.Trainer;

/**
 * A model packed into a jar by {@code nnc build}: the generated network class, its layout, its weights and
 * the preprocessing of its input, loaded without the compiler. The jar holds three resources besides the
 * classes: {@value #DESCRIPTOR} (which class, which parameters, which input steps), {@value #LAYOUT}
 * ({@link NetworkLayout#toBytes()}) and {@value #WEIGHTS} (the parameters and the {@code data.…}
 * statistics, as {@code nnc train} writes them).
 *
 * <pre>{@code
 * EmbeddedModel m = EmbeddedModel.load();
 * float[][] probabilities = m.predict(new float[][] {{5.1f, 3.5f, 1.4f, 0.2f}});
 * }</pre>
 *
 * It is also the jar's {@code Main-Class}: {@code java --add-modules jdk.incubator.vector -jar model.jar
 * input.csv} prints one line of outputs per input row, like {@code nnc predict}.
 */
public final class EmbeddedModel {
    /** The descriptor resource (a properties file written by {@link Spec#toText()}). */
    public static final String DESCRIPTOR = "META-INF/nnc/model.properties";
    /** The layout resource. */
    public static final String LAYOUT = "META-INF/nnc/layout.bin";
    /** The weights resource (safetensors). */
    public static final String WEIGHTS = "META-INF/nnc/weights.safetensors";

    /** One parameter of the network: its Keras name, shape, whether it trains, its l1/l2 factors. */
    public record ParamSpec(String name, int[] shape, boolean trainable, float l1, float l2) {}

    /** One input transform: the {@code .nn} step name and its plain arguments (see {@link Steps#of}). */
    public record StepSpec(String name, Map<String, Object> args) {}

    /**
     * What the descriptor says: the model's name, the generated class's binary name, the parameters in the
     * order its constructor takes them, the data binding feeding the model's input and its transform steps
     * (empty when the model has no train block: inputs are then taken as they are).
     */
    public record Spec(String model, String className, List<ParamSpec> params, String inputBinding, List<StepSpec> steps) {
        /** The descriptor text (a {@link Properties} file). */
        public String toText() {
            Properties p = new Properties();
            p.setProperty("format", "nnc-embedded-1");
            p.setProperty("model", model);
            p.setProperty("class", className);
            p.setProperty("params", Integer.toString(params.size()));
            for (int i = 0; i < params.size(); i++) {
                ParamSpec ps = params.get(i);
                String k = "param." + i + ".";
                p.setProperty(k + "name", ps.name());
                StringBuilder sh = new StringBuilder();
                for (int d : ps.shape()) sh.append(sh.isEmpty() ? "" : ",").append(d);
                p.setProperty(k + "shape", sh.toString());
                p.setProperty(k + "trainable", Boolean.toString(ps.trainable()));
                p.setProperty(k + "l1", Float.toString(ps.l1()));
                p.setProperty(k + "l2", Float.toString(ps.l2()));
            }
            if (inputBinding != null) p.setProperty("input.binding", inputBinding);
            p.setProperty("steps", Integer.toString(steps.size()));
            for (int i = 0; i < steps.size(); i++) {
                p.setProperty("step." + i + ".name", steps.get(i).name());
                List<String> keys = new ArrayList<>(steps.get(i).args().keySet());
                p.setProperty("step." + i + ".args", String.join(",", keys));
                for (String key : keys) p.setProperty("step." + i + ".arg." + key, encode(steps.get(i).args().get(key)));
            }
            StringWriter w = new StringWriter();
            try {
                p.store(w, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Properties writes a date comment first; drop it so that two builds give the same bytes.
            String text = w.toString();
            return text.startsWith("#") ? text.substring(text.indexOf('\n') + 1) : text;
        }

        /** Reads a descriptor; {@link IllegalArgumentException} when it is not one. */
        public static Spec parse(String text) {
            Properties p = new Properties();
            try {
                p.load(new StringReader(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!"nnc-embedded-1".equals(p.getProperty("format"))) throw new IllegalArgumentException("not an nnc model descriptor");
            List<ParamSpec> params = new ArrayList<>();
            int n = Integer.parseInt(need(p, "params"));
            for (int i = 0; i < n; i++) {
                String k = "param." + i + ".";
                String sh = need(p, k + "shape");
                int[] shape = sh.isEmpty() ? new int[0] : java.util.Arrays.stream(sh.split(",")).mapToInt(Integer::parseInt).toArray();
                params.add(new ParamSpec(need(p, k + "name"), shape, Boolean.parseBoolean(need(p, k + "trainable")),
                        Float.parseFloat(need(p, k + "l1")), Float.parseFloat(need(p, k + "l2"))));
            }
            List<StepSpec> steps = new ArrayList<>();
            int m = Integer.parseInt(need(p, "steps"));
            for (int i = 0; i < m; i++) {
                Map<String, Object> args = new LinkedHashMap<>();
                String keys = need(p, "step." + i + ".args");
                if (!keys.isEmpty()) for (String key : keys.split(",")) args.put(key, decode(need(p, "step." + i + ".arg." + key)));
                steps.add(new StepSpec(need(p, "step." + i + ".name"), args));
            }
            return new Spec(need(p, "model"), need(p, "class"), params, p.getProperty("input.binding"), steps);
        }

        private static String need(Properties p, String key) {
            String v = p.getProperty(key);
            if (v == null) throw new IllegalArgumentException("the model descriptor lacks " + key);
            return v;
        }

        /** A plain value as text: {@code i:}, {@code d:}, {@code b:}, {@code s:} or a list {@code l:N:…}. */
        private static String encode(Object v) {
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return "i:" + v;
            if (v instanceof Number x) return "d:" + x.doubleValue();
            if (v instanceof Boolean b) return "b:" + b;
            if (v instanceof List<?> l) {
                StringBuilder sb = new StringBuilder("l:" + l.size() + ":");
                for (Object o : l) {
                    String e = encode(o);
                    sb.append(e.length()).append(':').append(e);
                }
                return sb.toString();
            }
            return "s:" + v;
        }

        private static Object decode(String s) {
            String body = s.substring(2);
            return switch (s.substring(0, 2)) {
                case "i:" -> Long.parseLong(body);
                case "d:" -> Double.parseDouble(body);
                case "b:" -> Boolean.parseBoolean(body);
                case "s:" -> body;
                case "l:" -> {
                    int c = body.indexOf(':');
                    int n = Integer.parseInt(body.substring(0, c));
                    List<Object> out = new ArrayList<>();
                    int at = c + 1;
                    for (int k = 0; k < n; k++) {
                        int c2 = body.indexOf(':', at);
                        int len = Integer.parseInt(body.substring(at, c2));
                        out.add(decode(body.substring(c2 + 1, c2 + 1 + len)));
                        at = c2 + 1 + len;
                    }
                    yield out;
                }
                default -> throw new IllegalArgumentException("bad value in the model descriptor: " + s);
            };
        }
    }

    private final Spec spec;
    private final TrainableNetwork network;
    private final DataState state;
    private final Binding binding;

    private EmbeddedModel(Spec spec, TrainableNetwork network, DataState state) {
        this.spec = spec;
        this.network = network;
        this.state = state;
        List<Step> steps = new ArrayList<>();
        for (StepSpec s : spec.steps()) steps.add(Steps.of(s.name(), s.args()));
        this.binding = steps.isEmpty() ? null : new Binding(List.of(spec.inputBinding()), steps);
    }

    /** The model packed into the jar this class was loaded from. */
    public static EmbeddedModel load() {
        return load(EmbeddedModel.class.getClassLoader());
    }

    /**
     * The model whose resources and generated class {@code loader} sees (e.g. a {@code URLClassLoader} over
     * a built jar). {@link IllegalStateException} when the loader has no model or it is damaged.
     */
    public static EmbeddedModel load(ClassLoader loader) {
        try {
            Spec spec = Spec.parse(new String(resource(loader, DESCRIPTOR), StandardCharsets.UTF_8));
            NetworkLayout layout = NetworkLayout.fromBytes(resource(loader, LAYOUT));
            Safetensors.Contents weights = Safetensors.parse(WEIGHTS, resource(loader, WEIGHTS));
            Parameter[] params = new Parameter[spec.params().size()];
            for (int i = 0; i < params.length; i++) {
                ParamSpec ps = spec.params().get(i);
                Tensor t = weights.tensors().get(ps.name());
                if (t == null || t.size() != Tensor.count(ps.shape())) {
                    throw new IllegalStateException("the packed weights lack parameter " + ps.name() + " " + java.util.Arrays.toString(ps.shape()));
                }
                Regularizer reg = ps.l1() == 0 && ps.l2() == 0 ? Regularizer.NONE : new Regularizer(ps.l1(), ps.l2());
                float[] value = t.floats().clone();
                params[i] = new Parameter(ps.name(), ps.shape(), ps.trainable(), value, ps.trainable() ? new float[value.length] : null,
                        reg, null);
            }
            Class<?> cls = Class.forName(spec.className(), true, loader);
            Constructor<?> c = cls.getConstructor(NetworkLayout.class, Parameter[].class);
            TrainableNetwork net = (TrainableNetwork) c.newInstance(layout, params);
            return new EmbeddedModel(spec, net, new DataState(weights.tensors(), weights.metadata()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the packed model: " + e.getMessage(), e);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("the packed model cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static byte[] resource(ClassLoader loader, String name) throws IOException {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("no packed nnc model here: resource " + name + " is missing");
            return in.readAllBytes();
        }
    }

    /** The model's name in its {@code .nn} file. */
    public String name() {
        return spec.model();
    }

    /** The descriptor: class, parameters, input steps. */
    public Spec spec() {
        return spec;
    }

    /** The compiled network with the packed weights (it can be trained further with {@link Trainer}). */
    public TrainableNetwork network() {
        return network;
    }

    /** The preprocessing statistics packed with the weights. */
    public DataState preprocessing() {
        return state;
    }

    /**
     * Outputs for raw input rows: each row holds the values of the data set's source columns (e.g. the four
     * measurements of iris, unscaled); the packed preprocessing is applied first. One row of the (first)
     * output per input row.
     */
    public float[][] predict(float[][] rawRows) {
        int width = rawRows.length == 0 ? 0 : rawRows[0].length;
        float[] flat = new float[rawRows.length * width];
        for (int r = 0; r < rawRows.length; r++) {
            if (rawRows[r].length != width) throw new IllegalArgumentException("row " + r + " has " + rawRows[r].length + " values, row 0 has " + width);
            System.arraycopy(rawRows[r], 0, flat, r * width, width);
        }
        Tensor out = predictAll(preprocess(Tensor.of(flat, rawRows.length, width))).get(0);
        int w = out.sampleSize();
        float[][] rows = new float[out.dim(0)][w];
        float[] v = out.toFloatArray();
        for (int r = 0; r < rows.length; r++) System.arraycopy(v, r * w, rows[r], 0, w);
        return rows;
    }

    /** The model's outputs for an already preprocessed input batch (shape {@code [n, …]} of the model input). */
    public List<Tensor> predictAll(Tensor input) {
        return Trainer.predict(network, List.of(input), 256);
    }

    /** Raw source-column values ({@code [n, columns]}) through the packed steps into the model input's shape and type. */
    public Tensor preprocess(Tensor raw) {
        Tensor t = raw;
        if (binding != null) {
            try {
                t = binding.applyToRaw(raw, state, "input");
            } catch (FileFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return pack(t);
    }

    /** A CSV file with the data set's column names in its header (the whole input pipeline runs on it). */
    public Tensor preprocessCsv(Path csv) throws IOException {
        if (binding == null) throw new IllegalArgumentException("this model has no named input columns; give plain numbers");
        return pack(binding.run(SourceData.csv(csv), state, false, Integer.MAX_VALUE).get(spec.inputBinding()));
    }

    /** {@code t} in the model input's per-sample shape and element type. */
    private Tensor pack(Tensor t) {
        TensorSpec in = network.inputs().get(0);
        int[] shape = new int[in.shape().length + 1];
        shape[0] = t.dim(0);
        System.arraycopy(in.shape(), 0, shape, 1, in.shape().length);
        if (t.sampleSize() != in.sampleSize()) {
            throw new IllegalArgumentException(t.sampleSize() + " values per sample after preprocessing, the model input needs " + in.sampleSize());
        }
        if ((in.dtype() == DType.I32) == (t.dtype() == DType.I32)) return t.reshape(shape);
        if (in.dtype() == DType.I32) {
            float[] f = t.floats();
            int[] iv = new int[f.length];
            for (int i = 0; i < f.length; i++) iv[i] = Math.round(f[i]);
            return Tensor.of(iv, shape);
        }
        int[] iv = t.ints();
        float[] f = new float[iv.length];
        for (int i = 0; i < iv.length; i++) f[i] = iv[i];
        return Tensor.of(f, shape);
    }

    /** The outputs as CSV text, one line per sample, formatted as {@code nnc predict} prints them. */
    public static String csv(List<Tensor> outputs) {
        StringBuilder sb = new StringBuilder();
        int n = outputs.get(0).dim(0);
        for (int r = 0; r < n; r++) {
            boolean first = true;
            for (Tensor t : outputs) {
                int w = t.sampleSize();
                for (int k = 0; k < w; k++) {
                    if (!first) sb.append(',');
                    first = false;
                    float v = t.dtype() == DType.I32 ? t.ints()[r * w + k] : t.floats()[r * w + k];
                    sb.append(v == Math.rint(v) && Math.abs(v) < 1e7 ? Integer.toString((int) v) : String.format(Locale.ROOT, "%.6g", v));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Predictions for a file of raw inputs, as CSV text: a {@code .npy} array ({@code [n, …]}), or a CSV
     * file (a header naming the data set's columns, or plain numbers).
     */
    public String predictFile(Path csv) throws IOException {
        if (csv.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            Tensor t = Npy.read(csv);
            int rows = t.rank() == 0 ? 1 : t.dim(0);
            float[] f = t.toFloatArray();
            return csv(predictAll(preprocess(Tensor.of(f, rows, rows == 0 ? 0 : f.length / rows))));
        }
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(csv, StandardCharsets.UTF_8)) if (!l.isBlank()) lines.add(l);
        if (lines.isEmpty()) throw new IllegalArgumentException(csv + ": the file is empty");
        boolean header = false;
        for (String cell : lines.get(0).split(",")) if (!isNumber(cell)) header = true;
        if (header && binding != null) return csv(predictAll(preprocessCsv(csv)));
        if (header) lines = lines.subList(1, lines.size());
        float[][] rows = new float[lines.size()][];
        for (int r = 0; r < rows.length; r++) {
            String[] cells = lines.get(r).split(",");
            rows[r] = new float[cells.length];
            for (int k = 0; k < cells.length; k++) {
                if (!isNumber(cells[k])) throw new IllegalArgumentException(csv + ":" + (r + (header ? 2 : 1)) + ": '" + cells[k].trim() + "' is not a number");
                rows[r][k] = Float.parseFloat(cells[k].trim());
            }
        }
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != width) throw new IllegalArgumentException(csv + ":" + (r + (header ? 2 : 1)) + ": " + rows[r].length + " values, the first row has " + width);
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return csv(predictAll(preprocess(Tensor.of(flat, rows.length, width))));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code java -jar MODEL.jar INPUT.csv}: prints the predictions; exit 1 with one line on bad input. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} with its streams; returns the exit code (0, 1 bad input, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || args[0].startsWith("-")) {
            err.println("usage: java --add-modules jdk.incubator.vector -jar MODEL.jar INPUT.csv|INPUT.npy");
            err.println("prints one line of model outputs per input row (CSV: a header naming the data set's columns, or plain numbers; or .npy)");
            return 2;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            // the kernels need the Vector API, which a jar manifest cannot add
            err.println("error: the Vector API module is missing; run: java --add-modules jdk.incubator.vector -jar MODEL.jar " + args[0]);
            return 1;
        }
        try {
            EmbeddedModel m = load();
            out.print(m.predictFile(Path.of(args[0])));
            out.flush();
            return 0;
        } catch (NoSuchFileException e) {
            err.println("error: cannot read " + args[0] + ": no such file");
        } catch (IOException | RuntimeException | LinkageError e) {
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage().replaceFirst("^(.*?): error: ", "$1: ")));
        }
        return 1;
    }
}
