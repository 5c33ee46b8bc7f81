package nnc.driver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import nnc.check.CheckedData;
import nnc.check.CheckedModel;
import nnc.check.DataBinding;
import nnc.check.Shape;
import nnc.check.TrainSpec;
import nnc.check.TransformStep;
import nnc.runtime.EmbeddedModel;
import nnc.runtime.Parameter;
import nnc.runtime.Tensor;
import nnc.runtime.TrainableNetwork;
import nnc.runtime.data.DataState;
import nnc.runtime.io.AtomicFiles;
import nnc.runtime.io.Safetensors;
import nnc.runtime.train.Initializers;

/**
 * {@code nnc build FILE -o OUT.jar}: one model packed with the runtime into a jar that needs no compiler.
 * The jar holds the runtime module's classes (only {@code nnc/runtime/…}: no ANTLR, ASM or picocli), the
 * generated network class under its binary name, and the resources {@link EmbeddedModel} reads: the
 * descriptor, the {@code NetworkLayout} bytes and the weights with the preprocessing statistics.
 */
public final class JarBuild {
    private JarBuild() {}

    /** Fixed entry time (1980-01-01, the zip epoch), so that building twice gives the same bytes. */
    private static final long ENTRY_TIME = 315532800000L;

    public static int build(Path file, String modelName, Path weights, Path out, PrintWriter msg) throws IOException {
        Session s = Session.load(file);
        CheckedModel model = s.model(modelName);
        Session.checkWritable(out);
        if (model.inputs().size() != 1) {
            throw new UserError("nnc build packs models with one input; model " + model.name() + " has " + model.inputs().size());
        }
        Optional<TrainSpec> train = s.trainIfAny(model);
        // With a train block the loss is compiled too, so the packed network can also be trained further.
        ModelCompiler.Compiled c;
        if (train.isPresent()) {
            TrainSpec spec = train.get();
            CheckedData data = s.data(spec.data());
            List<Shape> targetShapes = List.of(data.binding(spec.target())
                    .orElseThrow(() -> new UserError("data " + data.name() + " has no binding '" + spec.target() + "'")).shape());
            c = ModelCompiler.compile(s.program(), model, Session.lossName(spec), Session.huberDelta(spec), targetShapes);
        } else {
            c = ModelCompiler.compile(s.program(), model, null, 1, List.of());
        }
        if (c.generated() == null) {
            throw new UserError("model " + model.name() + " runs on the reference interpreter, which cannot be packed into a jar",
                    "nnc build needs a model the code generator compiles (unset NNC_BACKEND=interpreter)");
        }
        DataState stats;
        if (weights != null) {
            stats = InferenceRun.loadWeights(c, weights);
        } else {
            long seed = train.map(TrainSpec::seed).orElse(null) != null ? train.get().seed() : 0L;
            Initializers.initialize(c.parameters(), seed);
            stats = train.isPresent() ? TrainingRun.prepare(s, model, train.get(), null).state() : new DataState();
        }

        String inputBinding = null;
        List<EmbeddedModel.StepSpec> steps = new ArrayList<>();
        if (train.isPresent()) {
            inputBinding = train.get().inputBindings().get(model.inputs().get(0).name());
            DataBinding b = inputBinding == null ? null : s.data(train.get().data()).binding(inputBinding).orElse(null);
            if (b != null) for (TransformStep st : b.steps()) steps.add(new EmbeddedModel.StepSpec(st.name(), DataPipeline.stepArgs(st)));
            if (b == null) inputBinding = null;
        }
        List<EmbeddedModel.ParamSpec> params = new ArrayList<>();
        for (Parameter p : c.parameters()) {
            params.add(new EmbeddedModel.ParamSpec(p.name(), p.shape(), p.trainable(), p.regularizer().l1(), p.regularizer().l2()));
        }
        String className = c.generated().className();
        EmbeddedModel.Spec spec = new EmbeddedModel.Spec(model.name(), className, params, inputBinding, steps);

        Map<String, Tensor> tensors = new TreeMap<>(stats.tensors());
        for (Parameter p : c.parameters()) tensors.put(p.name(), Tensor.of(p.value.clone(), p.shape()));
        Map<String, String> meta = new LinkedHashMap<>(stats.metadata());
        meta.put("format", "nnc");
        meta.put("model", model.name());
        meta.put("source", s.file().getFileName().toString());

        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(className.replace('.', '/') + ".class", c.generated().classBytes());
        entries.put(EmbeddedModel.DESCRIPTOR, spec.toText().getBytes(StandardCharsets.UTF_8));
        entries.put(EmbeddedModel.LAYOUT, c.generated().layout().toBytes());
        entries.put(EmbeddedModel.WEIGHTS, Safetensors.toBytes(tensors, meta));
        entries.putAll(runtimeClasses());

        try {
            AtomicFiles.write(out, os -> writeJar(os, entries));
        } catch (IOException e) {
            throw new UserError("cannot write " + out + ": " + e.getMessage().replaceFirst("^.*?: error: ", ""));
        }
        msg.println("built " + out + " (model " + model.name() + ", " + parameterCount(c.network()) + " parameters, "
                + (weights != null ? "weights from " + weights : "freshly initialised weights") + ")");
        msg.println("run it: java --add-modules jdk.incubator.vector -jar " + out + " INPUT.csv");
        msg.flush();
        return 0;
    }

    private static long parameterCount(TrainableNetwork net) {
        long n = 0;
        for (Parameter p : net.parameters()) n += p.size();
        return n;
    }

    private static void writeJar(OutputStream os, Map<String, byte[]> entries) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, EmbeddedModel.class.getName());
        mf.getMainAttributes().putValue("Created-By", "nnc build");
        JarOutputStream jar = new JarOutputStream(os);
        JarEntry me = new JarEntry("META-INF/MANIFEST.MF");
        me.setTime(ENTRY_TIME);
        jar.putNextEntry(me);
        mf.write(jar);
        jar.closeEntry();
        List<String> dirs = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            // folder entries first, as jar tools expect
            String name = e.getKey();
            for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
                String d = name.substring(0, i + 1);
                if (!d.equals("META-INF/") && !dirs.contains(d)) {
                    dirs.add(d);
                    JarEntry de = new JarEntry(d);
                    de.setTime(ENTRY_TIME);
                    jar.putNextEntry(de);
                    jar.closeEntry();
                }
            }
            JarEntry je = new JarEntry(name);
            je.setTime(ENTRY_TIME);
            jar.putNextEntry(je);
            jar.write(e.getValue());
            jar.closeEntry();
        }
        jar.finish();   // not close(): the atomic writer owns the stream
    }

    /**
     * The runtime module's files ({@code nnc/runtime/…}) from wherever this process loaded them: a classes
     * folder during development, the runtime jar, or the dist jar (which also holds the compiler's
     * dependencies, hence the filter by folder).
     */
    static Map<String, byte[]> runtimeClasses() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        Path where;
        try {
            where = Path.of(EmbeddedModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException | SecurityException e) {
            throw new IllegalStateException("cannot locate the nnc runtime classes", e);
        }
        if (Files.isDirectory(where)) {
            Path root = where.resolve("nnc/runtime");
            try (var files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f)) out.put(where.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
        } else {
            try (ZipFile zip = new ZipFile(where.toFile())) {
                Enumeration<? extends ZipEntry> en = zip.entries();
                while (en.hasMoreElements()) {
                    ZipEntry e = en.nextElement();
                    if (!e.isDirectory() && e.getName().startsWith("nnc/runtime/")) {
                        try (var in = zip.getInputStream(e)) {
                            out.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        if (!out.containsKey("nnc/runtime/EmbeddedModel.class")) throw new IllegalStateException("the nnc runtime classes were not found at " + where);
        return out;
    }
}
