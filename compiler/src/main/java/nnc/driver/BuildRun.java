package nnc.driver;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import nnc.check.CheckedModel;
import nnc.driver.embed.EmbeddedModel;
import nnc.runtime.Tensor;
import nnc.runtime.io.AtomicFiles;

/**
 * {@code nnc build FILE -o OUT.jar [--weights W]}: an embeddable jar with the generated model class,
 * the runtime (no compiler, no ANTLR or ASM), the loader {@link EmbeddedModel} and, with
 * {@code --weights}, the trained weights. An application puts the jar on its class path and calls
 * {@code EmbeddedModel.load()}.
 */
public final class BuildRun {
    private BuildRun() {}

    public static int build(Path file, String modelName, Path out, Path weights, java.io.PrintWriter console) throws IOException {
        Session s = Session.load(file);
        CheckedModel model = s.model(modelName);
        Session.checkWritable(out);
        ModelCompiler.Compiled c = StageEmitter.compileForEmit(s, model);
        if (c.generated() == null) throw new UserError("model " + model.name() + " cannot be compiled to bytecode yet, so it cannot be built into a jar");
        byte[] weightBytes = null;
        if (weights != null) {
            InferenceRun.loadWeights(c, weights);  // validates the file against the model
            weightBytes = Files.readAllBytes(weights);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Nnc-Model", model.name());
        mf.getMainAttributes().putValue("Nnc-Loader", EmbeddedModel.class.getName());
        try (JarOutputStream jar = new JarOutputStream(bytes, mf)) {
            String cls = c.generated().className().replace('.', '/') + ".class";
            put(jar, cls, c.generated().classBytes());
            ByteArrayOutputStream desc = new ByteArrayOutputStream();
            EmbeddedModel.write(new DataOutputStream(desc), c.generated().className(), c.generated().layout(), c.parameters());
            put(jar, "nnc-model/model.bin", desc.toByteArray());
            if (weightBytes != null) put(jar, "nnc-model/weights.safetensors", weightBytes);
            copyPackage(jar, Tensor.class, "nnc/runtime/");
            copyPackage(jar, EmbeddedModel.class, "nnc/driver/embed/");
        }
        AtomicFiles.write(out, bytes.toByteArray());
        console.println("built " + out + " (model " + model.name() + (weightBytes != null ? ", with weights" : ", without weights") + ")");
        console.flush();
        return 0;
    }

    private static void put(JarOutputStream jar, String name, byte[] data) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setTime(0);  // reproducible jars
        jar.putNextEntry(e);
        jar.write(data);
        jar.closeEntry();
    }

    /** Copies the class files under {@code prefix} from wherever {@code anchor} was loaded (a jar or a folder). */
    private static void copyPackage(JarOutputStream jar, Class<?> anchor, String prefix) throws IOException {
        Path src;
        try {
            src = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("cannot locate the classes of " + anchor.getName());
        }
        if (Files.isDirectory(src)) {
            Path root = src.resolve(prefix);
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    if (Files.isRegularFile(f)) put(jar, src.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
            return;
        }
        try (JarFile jf = new JarFile(src.toFile())) {
            List<JarEntry> entries = java.util.Collections.list(jf.entries());
            entries.sort(java.util.Comparator.comparing(JarEntry::getName));
            for (JarEntry e : entries) {
                if (e.isDirectory() || !e.getName().startsWith(prefix)) continue;
                try (InputStream in = jf.getInputStream(e)) {
                    put(jar, e.getName(), in.readAllBytes());
                }
            }
        }
    }
}
