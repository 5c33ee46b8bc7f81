package nnc.check.catalogue;

import static nnc.check.catalogue.ArgKind.*;
import static nnc.check.catalogue.ArgSpec.NONE;
import static nnc.check.catalogue.ArgSpec.b;
import static nnc.check.catalogue.ArgSpec.f;
import static nnc.check.catalogue.ArgSpec.i;
import static nnc.check.catalogue.ArgSpec.opt;
import static nnc.check.catalogue.ArgSpec.req;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data sources and transforms of {@code data} blocks. Source fields ({@code columns(...)}, {@code column(c)},
 * {@code images}, {@code labels}, a named npy array) start a binding; transforms follow with {@code |>}.
 * Column names and file paths are checked by {@code nnc.check.DataChecker}.
 */
public final class DataCatalogue {
    private DataCatalogue() {}

    /** Source kinds and their arguments (paths are strings, relative to the .nn file). */
    public static final Map<String, List<ArgSpec>> SOURCES = new LinkedHashMap<>();
    /** Transform names and their arguments. */
    public static final Map<String, List<ArgSpec>> TRANSFORMS = new LinkedHashMap<>();

    static {
        // The first line of a csv file names its columns.
        SOURCES.put("csv", List.of(req("path", STRING), opt("delimiter", STRING, new nnc.check.Value.Str(","))));
        SOURCES.put("idx", List.of(req("images", STRING), req("labels", STRING)));
        // npy(x = "x.npy", y = "y.npy"): each named file becomes a field of that name.
        SOURCES.put("npy", List.of());

        TRANSFORMS.put("standardize", List.of());
        TRANSFORMS.put("minmax", List.of());
        TRANSFORMS.put("scale", List.of(req("factor", FLOAT)));
        TRANSFORMS.put("onehot", List.of(req("num_classes", INT, Range.POSITIVE)));
        TRANSFORMS.put("windows", List.of(req("size", INT, Range.POSITIVE), opt("horizon", INT, i(1), Range.POSITIVE),
                opt("stride", INT, i(1), Range.POSITIVE)));
        TRANSFORMS.put("tokenize", List.of(opt("num_words", OPTIONAL_INT, NONE, Range.POSITIVE), opt("lower", BOOL, b(true))));
        TRANSFORMS.put("pad_sequences", List.of(req("maxlen", INT, Range.POSITIVE),
                ArgSpec.choice("padding", "pre", "pre", "post"), ArgSpec.choice("truncating", "pre", "pre", "post"),
                opt("value", INT, i(0))));
        TRANSFORMS.put("pad", List.of(req("width", INT, Range.NON_NEGATIVE), opt("value", FLOAT, f(0.0))));
        TRANSFORMS.put("reshape", List.of(req("target_shape", SHAPE)));
        TRANSFORMS.put("cast", List.of(ArgSpec.choice("dtype", "float", "float", "int")));
        TRANSFORMS.put("noise", List.of(req("stddev", FLOAT, Range.NON_NEGATIVE), opt("seed", OPTIONAL_INT, NONE)));
        TRANSFORMS.put("clip", List.of(opt("min", FLOAT, f(0.0)), opt("max", FLOAT, f(1.0))));
    }
}
