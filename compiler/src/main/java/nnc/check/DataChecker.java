package nnc.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.check.catalogue.ArgSpec;
import nnc.check.catalogue.Args;
import nnc.check.catalogue.DataCatalogue;
import nnc.syntax.Span;
import nnc.syntax.Suggestions;
import nnc.syntax.ast.Arg;
import nnc.syntax.ast.Binding;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Ident;

/**
 * Checks {@code data} blocks as far as is known before reading the data: the source kind and its files
 * (relative to the .nn file), column names against the CSV header, array shapes from IDX/NPY headers, and
 * the per-sample shape each transform produces.
 */
final class DataChecker {
    private final ProgramChecker prog;

    DataChecker(ProgramChecker prog) {
        this.prog = prog;
    }

    /** What a source offers to bindings. */
    private record Source(String kind, Map<String, Value> args, Map<String, Path> files,
                          DataFiles.CsvHeader csv, Map<String, DataFiles.ArrayHeader> arrays) {}

    CheckedData check(Decl.Data d, Path dir) {
        int before = prog.diags.errorCount();
        Source src = source(d, dir);
        List<DataBinding> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Binding b : d.bindings()) {
            for (Ident t : b.targets()) {
                if (!names.add(t.name())) {
                    prog.diags.error("check.duplicate", t.span(), "'" + t.name() + "' is bound twice in data " + d.name().name());
                }
                prog.index.addSymbol(new SpanIndex.Symbol(t.name(), SpanIndex.SymbolKind.DATA_BINDING, t.span(), null, d.name().name()));
            }
            if (src != null) binding(d, src, b, out);
        }
        if (d.bindings().isEmpty()) {
            prog.diags.error("check.data-empty", d.name().span(), "data " + d.name().name() + " binds nothing",
                    "bind the model's input and the target, e.g. x = columns(a, b)  y = column(c)");
        }
        if (src == null || prog.diags.errorCount() > before) return null;
        return new CheckedData(d.name().name(), src.kind(), src.args(), src.files(), out, d.span());
    }

    private Source source(Decl.Data d, Path dir) {
        Expr e = d.source();
        if (!(e instanceof Expr.Call c)) {
            prog.diags.error("check.data-source", e.span(), "a data set starts from a source: csv(\"file.csv\"), idx(images, labels) or npy(x = \"x.npy\")");
            return null;
        }
        String kind = c.callee().name();
        if (!DataCatalogue.SOURCES.containsKey(kind)) {
            String hint = Suggestions.didYouMean(kind, DataCatalogue.SOURCES.keySet());
            prog.diags.error("check.data-source", c.callee().span(), "unknown data source '" + kind + "'",
                    hint != null ? hint : "sources: csv, idx, npy");
            return null;
        }
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, DataFiles.ArrayHeader> arrays = new LinkedHashMap<>();
        Map<String, Value> args;
        if (kind.equals("npy")) {
            args = new LinkedHashMap<>();
            for (Arg a : c.args()) {
                if (!a.isNamed() || !(a.value() instanceof Expr.Str s)) {
                    prog.diags.error("check.data-source", a.span(), "npy takes named files, e.g. npy(x = \"x.npy\", y = \"y.npy\")");
                    return null;
                }
                args.put(a.name().name(), new Value.Str(s.value()));
            }
            if (args.isEmpty()) {
                prog.diags.error("check.data-source", c.span(), "npy needs at least one file, e.g. npy(x = \"x.npy\")");
                return null;
            }
        } else {
            args = prog.binder.bind(kind, DataCatalogue.SOURCES.get(kind), c.args(), c.span(), 0);
            if (args == null) return null;
        }
        boolean ok = true;
        for (Map.Entry<String, Value> a : args.entrySet()) {
            boolean isPath = kind.equals("npy") || a.getKey().equals("path") || kind.equals("idx");
            if (!isPath || !(a.getValue() instanceof Value.Str s)) continue;
            Path p = dir.resolve(s.value()).normalize();
            Span at = argSpan(c, a.getKey(), kind);
            if (!Files.isRegularFile(p)) {
                prog.diags.error("check.data-file", at, "data file not found: " + s.value(),
                        "relative paths start at the folder of the .nn file");
                ok = false;
                continue;
            }
            files.put(a.getKey(), p);
            try {
                DataFiles.ArrayHeader h = kind.equals("idx") ? DataFiles.idx(p) : kind.equals("npy") ? DataFiles.npy(p) : null;
                if (h != null && h.dims().isEmpty()) throw new IOException("it holds a single number, not one value per sample");
                if (h != null) arrays.put(a.getKey(), h);
            } catch (IOException | RuntimeException ex) {
                prog.diags.error("check.data-file", at, "cannot read " + s.value() + ": " + ex.getMessage());
                ok = false;
            }
        }
        if (!ok) return null;
        DataFiles.CsvHeader csv = null;
        if (kind.equals("csv")) {
            Args a = new Args(args);
            String delim = a.sym("delimiter");
            try {
                csv = DataFiles.csv(files.get("path"), delim == null || delim.isEmpty() ? ',' : delim.charAt(0));
            } catch (IOException | RuntimeException ex) {
                prog.diags.error("check.data-file", c.span(), "cannot read " + a.sym("path") + ": " + ex.getMessage());
                return null;
            }
        }
        if (kind.equals("idx")) {
            DataFiles.ArrayHeader im = arrays.get("images"), lb = arrays.get("labels");
            if (im != null && lb != null && !im.dims().get(0).equals(lb.dims().get(0))) {
                prog.diags.error("check.data-file", c.span(), "the IDX files hold different numbers of samples: "
                        + im.dims().get(0) + " images and " + lb.dims().get(0) + " labels");
                return null;
            }
        }
        return new Source(kind, args, files, csv, arrays);
    }

    private static Span argSpan(Expr.Call c, String name, String kind) {
        List<ArgSpec> specs = DataCatalogue.SOURCES.get(kind);
        int pos = 0;
        for (Arg a : c.args()) {
            if (a.isNamed() && a.name().name().equals(name)) return a.span();
            if (!a.isNamed() && specs != null && pos < specs.size() && specs.get(pos).name().equals(name)) return a.span();
            pos++;
        }
        return c.span();
    }

    private static List<Expr> chain(Expr e) {
        List<Expr> out = new ArrayList<>();
        while (e instanceof Expr.Pipe p) {
            out.add(0, p.layer());
            e = p.input();
        }
        out.add(0, e);
        return out;
    }

    private void binding(Decl.Data d, Source src, Binding b, List<DataBinding> out) {
        List<Expr> steps = chain(b.value());
        List<TransformStep> done = new ArrayList<>();
        Shape cur = steps.get(0) instanceof Expr.Name ref && bound(out, ref.name()) != null
                ? copyOf(bound(out, ref.name()), ref, done) : field(d, src, steps.get(0), done);
        if (cur == null) return;
        boolean windowed = false;
        Shape windowY = null;
        for (int i = 1; i < steps.size(); i++) {
            Expr st = steps.get(i);
            String name = st instanceof Expr.Call c ? c.callee().name() : st instanceof Expr.Name n ? n.name() : null;
            List<Arg> args = st instanceof Expr.Call c ? c.args() : List.of();
            if (name == null || !DataCatalogue.TRANSFORMS.containsKey(name)) {
                String hint = name == null ? null : Suggestions.didYouMean(name, DataCatalogue.TRANSFORMS.keySet());
                prog.diags.error("check.data-transform", st.span(), name == null ? "expected a transform after |>"
                        : "unknown transform '" + name + "'", hint != null ? hint : "transforms: " + String.join(", ", DataCatalogue.TRANSFORMS.keySet()));
                return;
            }
            if (windowed) {
                prog.diags.error("check.data-transform", st.span(), "windows must be the last transform of a binding");
                return;
            }
            Map<String, Value> bound = prog.binder.bind(name, DataCatalogue.TRANSFORMS.get(name), args, st.span(), 0);
            if (bound == null) return;
            Args a = new Args(bound);
            Shape next = transform(name, a, cur, st.span());
            if (next == null) return;
            if (name.equals("windows")) {
                windowed = true;
                int k = cur.rank() == 0 ? 1 : cur.last();
                windowY = cur.withDims(List.of(a.integer("horizon") * k));
            }
            cur = next;
            done.add(new TransformStep(name, bound, next, st.span()));
        }
        if (cur.dims().contains(-1)) {
            prog.diags.error("check.data-shape", b.span(), "'" + b.targets().get(0).name()
                    + "' has variable-length sequences", "add pad_sequences(maxlen = N) after tokenize");
            return;
        }
        if (cur.dtype() == DType.STRING) {
            prog.diags.error("check.data-shape", b.span(), "'" + b.targets().get(0).name() + "' is text",
                    "turn text into numbers: tokenize(num_words = 10000) |> pad_sequences(maxlen = 100)");
            return;
        }
        if (b.tuple() || b.targets().size() > 1) {
            if (!windowed || b.targets().size() != 2) {
                prog.diags.error("check.data-tuple", b.span(), windowed ? "windows makes two arrays: bind them as (x, y)"
                        : "only windows(...) makes two arrays; bind one name here", null);
                return;
            }
            out.add(new DataBinding(b.targets().get(0).name(), cur, done, 0, b.span()));
            out.add(new DataBinding(b.targets().get(1).name(), windowY, done, 1, b.span()));
        } else {
            if (windowed) {
                prog.diags.error("check.data-tuple", b.span(), "windows makes two arrays (the window and the next value)",
                        "bind them as (x, y) = ... |> windows(size = 7)");
                return;
            }
            out.add(new DataBinding(b.targets().get(0).name(), cur, done, -1, b.span()));
        }
    }

    private static DataBinding bound(List<DataBinding> earlier, String name) {
        for (DataBinding b : earlier) if (b.name().equals(name)) return b;
        return null;
    }

    /** {@code y = x}: a binding that starts from an earlier one (an autoencoder's target is its input). */
    private static Shape copyOf(DataBinding from, Expr.Name ref, List<TransformStep> done) {
        done.add(new TransformStep("binding", Map.of("name", new Value.Str(from.name())), from.shape(), ref.span()));
        return from.shape();
    }

    /** The source field that starts a binding. */
    private Shape field(Decl.Data d, Source src, Expr e, List<TransformStep> done) {
        String name = e instanceof Expr.Call c ? c.callee().name() : e instanceof Expr.Name n ? n.name() : null;
        switch (src.kind()) {
            case "csv" -> {
                if (!"columns".equals(name) && !"column".equals(name)) {
                    prog.diags.error("check.data-field", e.span(), "a csv binding starts with columns(a, b, ...) or column(a)",
                            name == null ? null : Suggestions.didYouMean(name, List.of("columns", "column")));
                    return null;
                }
                List<Arg> args = e instanceof Expr.Call c ? c.args() : List.of();
                if (args.isEmpty() || (name.equals("column") && args.size() != 1)) {
                    prog.diags.error("check.data-field", e.span(), name.equals("column") ? "column takes one column name" : "columns needs at least one column name",
                            "the columns are: " + String.join(", ", src.csv().columns()));
                    return null;
                }
                List<Value> cols = new ArrayList<>();
                boolean allNumeric = true;
                for (Arg a : args) {
                    String col = a.value() instanceof Expr.Name n ? n.name() : a.value() instanceof Expr.Str s ? s.value() : null;
                    int idx = col == null ? -1 : src.csv().columns().indexOf(col);
                    if (idx < 0) {
                        String hint = col == null ? null : Suggestions.didYouMean(col, src.csv().columns());
                        prog.diags.error("check.data-column", a.span(), col == null ? "a column is named by an identifier or a string"
                                : "the csv file has no column '" + col + "'", hint != null ? hint : "the columns are: " + String.join(", ", src.csv().columns()));
                        return null;
                    }
                    allNumeric &= src.csv().numeric().get(idx);
                    cols.add(new Value.Str(col));
                }
                if (!allNumeric && name.equals("columns")) {
                    prog.diags.error("check.data-column", e.span(), "columns(...) takes numeric columns; a text column is read with column(name) and tokenize");
                    return null;
                }
                Shape s = name.equals("column") ? new Shape(List.of(), allNumeric ? DType.FLOAT32 : DType.STRING)
                        : new Shape(List.of(cols.size()), DType.FLOAT32);
                Map<String, Value> args2 = name.equals("column") ? Map.of("name", cols.get(0)) : Map.of("names", new Value.ListV(cols));
                done.add(new TransformStep(name, args2, s, e.span()));
                return s;
            }
            case "idx" -> {
                if (!"images".equals(name) && !"labels".equals(name) || e instanceof Expr.Call) {
                    prog.diags.error("check.data-field", e.span(), "an idx binding starts with images or labels",
                            name == null ? null : Suggestions.didYouMean(name, List.of("images", "labels")));
                    return null;
                }
                DataFiles.ArrayHeader h = src.arrays().get(name);
                Shape s = name.equals("labels") ? new Shape(h.dims().subList(1, h.dims().size()), DType.INT32)
                        : new Shape(h.dims().subList(1, h.dims().size()), DType.FLOAT32);
                done.add(new TransformStep(name, Map.of(), s, e.span()));
                return s;
            }
            default -> {
                if (name == null || e instanceof Expr.Call || !src.arrays().containsKey(name)) {
                    String hint = name == null ? null : Suggestions.didYouMean(name, src.arrays().keySet());
                    prog.diags.error("check.data-field", e.span(), "an npy binding starts with one of the named files: "
                            + String.join(", ", src.arrays().keySet()), hint);
                    return null;
                }
                DataFiles.ArrayHeader h = src.arrays().get(name);
                Shape s = new Shape(h.dims().subList(1, h.dims().size()), h.dtype());
                done.add(new TransformStep("array", Map.of("name", new Value.Str(name)), s, e.span()));
                return s;
            }
        }
    }

    private Shape transform(String name, Args a, Shape in, Span span) {
        if (in.dtype() == DType.STRING && !name.equals("tokenize")) {
            prog.diags.error("check.data-transform", span, name + " needs numbers, but the column holds text",
                    "text is turned into token ids with tokenize(num_words = N) |> pad_sequences(maxlen = L)");
            return null;
        }
        switch (name) {
            case "standardize", "minmax", "noise", "clip" -> {
                return in.withDtype(DType.FLOAT32);
            }
            case "scale" -> {
                return in.withDtype(DType.FLOAT32);
            }
            case "cast" -> {
                return in.withDtype("int".equals(a.sym("dtype")) ? DType.INT32 : DType.FLOAT32);
            }
            case "onehot" -> {
                if (in.rank() > 1 || (in.rank() == 1 && in.dim(0) != 1)) {
                    prog.diags.error("check.data-shape", span, "onehot takes one class label per sample, got " + in.display());
                    return null;
                }
                return new Shape(List.of(a.integer("num_classes")), DType.FLOAT32);
            }
            case "windows" -> {
                if (in.rank() > 1) {
                    prog.diags.error("check.data-shape", span, "windows takes a series of numbers or of vectors, got " + in.display());
                    return null;
                }
                int k = in.rank() == 0 ? 1 : in.last();
                return new Shape(List.of(a.integer("size"), k), DType.FLOAT32);
            }
            case "tokenize" -> {
                if (in.dtype() != DType.STRING || in.rank() != 0) {
                    prog.diags.error("check.data-transform", span, "tokenize takes a text column, got " + in.display());
                    return null;
                }
                return new Shape(List.of(-1), DType.INT32);
            }
            case "pad_sequences" -> {
                if (!in.dims().equals(List.of(-1))) {
                    prog.diags.error("check.data-transform", span, "pad_sequences takes the token lists of tokenize");
                    return null;
                }
                return new Shape(List.of(a.integer("maxlen")), DType.INT32);
            }
            case "pad" -> {
                if (in.rank() < 2 || in.rank() > 3) {
                    prog.diags.error("check.data-shape", span, "pad takes images [height, width] or [height, width, channels], got " + in.display());
                    return null;
                }
                int w = a.integer("width");
                List<Integer> out = new ArrayList<>(in.dims());
                out.set(0, out.get(0) + 2 * w);
                out.set(1, out.get(1) + 2 * w);
                return in.withDims(out);
            }
            case "reshape" -> {
                List<Integer> t = new ArrayList<>(a.intList("target_shape"));
                long known = 1;
                int unknown = -1;
                for (int i = 0; i < t.size(); i++) {
                    if (t.get(i) == -1) unknown = i;
                    else known *= t.get(i);
                }
                long size = in.size();
                if (unknown >= 0 && size % known == 0) t.set(unknown, (int) (size / known));
                else if (known != size || unknown >= 0) {
                    prog.diags.error("check.data-shape", span, "cannot reshape " + in.display() + " (" + size
                            + " elements) to " + a.get("target_shape"), "the element count must stay the same");
                    return null;
                }
                return in.withDims(t);
            }
            default -> {
                return in;
            }
        }
    }
}
