package nnc.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.check.catalogue.Activations;
import nnc.check.catalogue.Layers;
import nnc.syntax.DiagnosticRenderer;
import nnc.syntax.ParseResult;
import nnc.syntax.SourceFile;
import nnc.syntax.SourceParser;
import nnc.syntax.Span;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Ident;
import nnc.syntax.ast.Program;

/**
 * One run of the checker over a parsed program: collects the declarations of the file, its imports and the
 * stdlib, reports duplicates, then checks fns, layer declarations, models (on demand, so that a model used
 * as a layer is checked first and recursion is caught), data blocks and train blocks.
 */
final class ProgramChecker {
    final Env env = new Env();
    final Diags diags = new Diags();
    final SpanIndex index = new SpanIndex();
    final ArgBinder binder = new ArgBinder(env, diags);
    final UserLayers userLayers = new UserLayers(this);
    private final ParseResult parsed;
    final Path baseDir;

    private final Map<String, CheckedModel> checkedModels = new LinkedHashMap<>();
    private final Set<String> failedModels = new HashSet<>();
    private final LinkedHashSet<String> inProgress = new LinkedHashSet<>();
    private final Map<String, SpanIndex.Symbol> topSymbols = new HashMap<>();
    private final Map<String, Path> declDirs = new HashMap<>();
    private final List<Decl.Data> dataDecls = new ArrayList<>();
    private final List<Decl.Train> trainDecls = new ArrayList<>();
    private final List<CheckedFn> fns = new ArrayList<>();
    private final Set<Path> imported = new HashSet<>();

    /** Files whose check is in progress up the import chain (so that import cycles end). */
    private final Set<Path> importing;

    ProgramChecker(ParseResult parsed) {
        this(parsed, absolute(parsed.ast().file()), new HashSet<>());
    }

    /** @param file the program's file as an absolute path (its folder resolves relative paths) */
    private ProgramChecker(ParseResult parsed, Path file, Set<Path> importing) {
        this.parsed = parsed;
        Path dir = file.getParent();
        this.baseDir = dir != null ? dir : Path.of("").toAbsolutePath();
        this.importing = importing;
        importing.add(file);
    }

    private static Path absolute(String file) {
        try {
            return Path.of(file).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return Path.of("").toAbsolutePath().resolve("<input>");
        }
    }

    CheckResult run() {
        loadStdlib();
        collect(parsed.ast(), baseDir, true);
        for (Decl.Fn f : env.fns.values()) {
            fns.add(new CheckedFn(f.name().name(), f.params().stream().map(p -> p.name().name()).toList(), f,
                    env.stdlibFns.contains(f.name().name()), f.span()));
            if (!env.stdlibFns.contains(f.name().name())) FnChecker.check(this, f);
        }
        for (Decl.Layer l : env.layers.values()) userLayers.declare(l);
        for (String m : env.models.keySet()) model(m, null, null);
        List<CheckedData> data = new ArrayList<>();
        DataChecker dataChecker = new DataChecker(this);
        for (Decl.Data d : dataDecls) {
            CheckedData cd = dataChecker.check(d, declDirs.getOrDefault(d.name().name(), baseDir));
            if (cd != null) data.add(cd);
        }
        List<TrainSpec> trains = new ArrayList<>();
        TrainChecker trainChecker = new TrainChecker(this, data);
        for (Decl.Train t : trainDecls) {
            TrainSpec ts = trainChecker.check(t);
            if (ts != null) trains.add(ts);
        }
        CheckedProgram program = new CheckedProgram(new ArrayList<>(checkedModels.values()), data, trains, fns,
                userLayers.declared());
        List<nnc.syntax.Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        all.addAll(diags.list);
        return new CheckResult(program, DiagnosticRenderer.sorted(all), index);
    }

    private void loadStdlib() {
        for (ParseResult pr : Stdlib.files()) {
            if (!pr.ok()) continue;
            for (Decl d : pr.ast().decls()) {
                // Intrinsic fns (no body) are the built-in activations of the catalogue.
                if (d instanceof Decl.Fn f && f.body() != null) {
                    env.fns.put(f.name().name(), f);
                    env.stdlibFns.add(f.name().name());
                }
            }
        }
    }

    /** Adds the declarations of a file (and, recursively, of its imports) to the environment. */
    private void collect(Program program, Path dir, boolean own) {
        for (Decl d : program.decls()) {
            switch (d) {
                case Decl.Import imp -> importFile(imp, dir);
                case Decl.Model m -> declare(m.name(), SpanIndex.SymbolKind.MODEL, dir, () -> env.models.put(m.name().name(), m));
                case Decl.Fn f -> declare(f.name(), SpanIndex.SymbolKind.FN, dir, () -> env.fns.put(f.name().name(), f));
                case Decl.Layer l -> declare(l.name(), SpanIndex.SymbolKind.LAYER, dir, () -> env.layers.put(l.name().name(), l));
                case Decl.Data dd -> declare(dd.name(), SpanIndex.SymbolKind.DATA, dir, () -> {
                    env.data.put(dd.name().name(), dd);
                    dataDecls.add(dd);
                });
                case Decl.Train t -> {
                    if (own) trainDecls.add(t);
                }
            }
        }
    }

    private void declare(Ident name, SpanIndex.SymbolKind kind, Path dir, Runnable put) {
        String n = name.name();
        SpanIndex.Symbol prev = topSymbols.get(n);
        if (prev != null) {
            diags.error("check.duplicate", name.span(), "'" + n + "' is already declared"
                    + (prev.definition() != null ? " at " + prev.definition().position() : ""), "give it another name");
            return;
        }
        boolean fn = kind == SpanIndex.SymbolKind.FN;
        if (Layers.get(n) != null) {
            diags.error("check.shadows-builtin", name.span(), "'" + n + "' is the name of a built-in "
                    + (Activations.isBuiltin(n) ? "activation" : "layer"),
                    "choose another name, e.g. my_" + n);
            return;
        }
        if (fn && env.stdlibFns.contains(n)) {
            // A user fn replaces a stdlib fn of the same name (e.g. a user's own swish).
            env.stdlibFns.remove(n);
        } else if (!fn && env.fns.containsKey(n) && env.stdlibFns.contains(n)) {
            diags.error("check.shadows-builtin", name.span(), "'" + n + "' is the name of a standard library function",
                    "choose another name");
            return;
        }
        SpanIndex.Symbol sym = new SpanIndex.Symbol(n, kind, name.span(), kind.name().toLowerCase(), null);
        topSymbols.put(n, sym);
        index.addSymbol(sym);
        declDirs.put(n, dir);
        put.run();
    }

    private void importFile(Decl.Import imp, Path dir) {
        Path p = dir.resolve(imp.path()).normalize();
        if (!imported.add(p)) return;
        if (!Files.isRegularFile(p)) {
            diags.error("check.import", imp.span(), "cannot import \"" + imp.path() + "\": no such file",
                    "import paths are relative to the importing file's folder");
            return;
        }
        ParseResult pr;
        try {
            String shown = baseDir.relativize(p).toString();
            pr = SourceParser.parse(new SourceFile(shown.isEmpty() ? p.toString() : shown, Files.readString(p)));
        } catch (IOException | IllegalArgumentException e) {
            diags.error("check.import", imp.span(), "cannot read \"" + imp.path() + "\": " + e.getMessage());
            return;
        }
        if (!pr.ok()) {
            diags.error("check.import", imp.span(), "\"" + imp.path() + "\" has syntax errors",
                    "run nnc check on " + imp.path() + " to see them");
            return;
        }
        // An imported file is checked on its own first, so that its errors are reported once, at the
        // import, rather than with spans in a file the renderer does not show.
        if (!importing.contains(p)) {
            Set<Path> chain = new HashSet<>(importing);
            CheckResult own = new ProgramChecker(pr, p, chain).run();
            if (!own.ok()) {
                diags.error("check.import", imp.span(), "\"" + imp.path() + "\" has " + own.errors().size()
                        + " error(s)", "run nnc check on " + imp.path() + " to see them");
                return;
            }
        }
        collect(pr.ast(), p.getParent(), false);
    }

    /** Whether a name can be applied as a layer (catalogue layer, model, user layer, fn). */
    boolean isLayerLike(String name) {
        return Layers.get(name) != null || env.models.containsKey(name) || env.layers.containsKey(name) || env.fns.containsKey(name);
    }

    void referenceTopLevel(String name, Span use) {
        SpanIndex.Symbol s = topSymbols.get(name);
        if (s != null) index.addReference(new SpanIndex.Reference(use, s));
    }

    /**
     * The checked model of a name, checking it first if needed. Returns null (after reporting) when the model
     * is part of a cycle of models using each other, or when it had errors of its own.
     */
    CheckedModel model(String name, Span useSpan, String fromModel) {
        CheckedModel done = checkedModels.get(name);
        if (done != null) return done;
        if (failedModels.contains(name)) return null;
        if (inProgress.contains(name)) {
            List<String> cycle = new ArrayList<>();
            boolean on = false;
            for (String m : inProgress) {
                if (m.equals(name)) on = true;
                if (on) cycle.add(m);
            }
            cycle.add(name);
            diags.error("check.recursion", useSpan, "model " + fromModel + " uses model " + name
                    + ", which uses " + fromModel + " again: " + String.join(" → ", cycle),
                    "a model cannot contain itself, directly or through other models");
            return null;
        }
        Decl.Model decl = env.models.get(name);
        if (decl == null) return null;
        inProgress.add(name);
        ModelChecker mc = new ModelChecker(this, decl);
        CheckedModel cm = mc.run();
        inProgress.remove(name);
        if (mc.failed()) {
            failedModels.add(name);
            return null;
        }
        checkedModels.put(name, cm);
        return cm;
    }

    /** Whether a model exists and checked cleanly (so that errors about its uses would only repeat). */
    boolean modelFailed(String name) {
        return failedModels.contains(name);
    }

    Map<String, SpanIndex.Symbol> topSymbols() {
        return topSymbols;
    }
}
