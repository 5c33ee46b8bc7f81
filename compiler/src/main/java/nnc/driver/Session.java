package nnc.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nnc.check.CheckResult;
import nnc.check.CheckedData;
import nnc.check.CheckedModel;
import nnc.check.CheckedProgram;
import nnc.check.Checker;
import nnc.check.TrainSpec;
import nnc.check.Value;
import nnc.syntax.SourceFile;

/**
 * One {@code .nn} file read and checked, and the choices every compile-and-run command makes the
 * same way: which model (the {@code --model} option, else the model of the first {@code train}
 * block, else the only model), its train block, its data. Errors are {@link UserError}s.
 */
public final class Session {
    private final Path file;
    private final SourceFile source;
    private final CheckedProgram program;

    private Session(Path file, SourceFile source, CheckedProgram program) {
        this.file = file;
        this.source = source;
        this.program = program;
    }

    /** Reads, parses and checks {@code file}; any error becomes a {@link UserError} with the diagnostics. */
    public static Session load(Path file) {
        SourceFile source;
        try {
            source = SourceFile.read(file);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        CheckResult r = Checker.check(source);
        if (!r.ok()) throw new ProgramError(r.errors());
        return new Session(file, source, r.program());
    }

    public Path file() {
        return file;
    }

    public SourceFile source() {
        return source;
    }

    public CheckedProgram program() {
        return program;
    }

    /** The folder relative data paths resolve against. */
    public Path folder() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /** The model chosen by {@code --model} (null: the first train block's, else the only one). */
    public CheckedModel model(String name) {
        if (name != null) {
            return program.model(name).orElseThrow(() -> new UserError("there is no model '" + name + "' in " + file,
                    "models here: " + String.join(", ", modelNames())));
        }
        if (!program.trains().isEmpty()) {
            String m = program.trains().get(0).model();
            return program.model(m).orElseThrow(() -> new UserError("the train block names an unknown model " + m));
        }
        List<CheckedModel> user = program.models();
        if (user.size() == 1) return user.get(0);
        if (user.isEmpty()) throw new UserError(file + " declares no model");
        throw new UserError(file + " declares several models and no train block; choose one with --model",
                "models here: " + String.join(", ", modelNames()));
    }

    private List<String> modelNames() {
        List<String> names = new ArrayList<>();
        for (CheckedModel m : program.models()) names.add(m.name());
        return names;
    }

    /** The train block of {@code model}; a {@link UserError} when there is none. */
    public TrainSpec train(CheckedModel model) {
        return program.trainFor(model.name()).orElseThrow(() -> new UserError(
                "there is no train block for model " + model.name() + " in " + file,
                "add one, e.g. train " + model.name() + " on DATA { loss = mse  optimizer = adam  epochs = 10 }"));
    }

    /** The train block of {@code model} if there is one. */
    public Optional<TrainSpec> trainIfAny(CheckedModel model) {
        return program.trainFor(model.name());
    }

    public CheckedData data(String name) {
        return program.data(name).orElseThrow(() -> new UserError("there is no data set '" + name + "' in " + file));
    }

    /** Canonical loss name of a train block. */
    public static String lossName(TrainSpec spec) {
        return spec.loss().name();
    }

    /** Huber's delta (1 unless given). */
    public static double huberDelta(TrainSpec spec) {
        Value d = spec.loss().args().get("delta");
        return d == null || d.isNone() ? 1.0 : d.asDouble();
    }

    /** The default weights path: next to the .nn file, {@code NAME.safetensors}. */
    public Path defaultWeights() {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String stem = dot > 0 ? n.substring(0, dot) : n;
        Path parent = file.getParent();
        return parent == null ? Path.of(stem + ".safetensors") : parent.resolve(stem + ".safetensors");
    }

    /** Fails early with a clear message when {@code out}'s folder does not exist or is not writable. */
    public static void checkWritable(Path out) {
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + out + ": the folder " + (dir == null ? "" : dir) + " does not exist");
        }
        if (!Files.isWritable(dir)) throw new UserError("cannot write " + out + ": the folder " + dir + " is not writable");
        if (Files.isDirectory(out)) throw new UserError("cannot write " + out + ": it is a folder");
    }
}
