package nnc.syntax.ast;

import java.util.List;
import nnc.syntax.Span;

/** A whole {@code .nn} file: its declarations in source order. {@code file} is the display path. */
public record Program(String file, List<Decl> decls, Span span) implements Node {

    /** The declarations of one kind, e.g. {@code program.declsOf(Decl.Model.class)}. */
    public <T extends Decl> List<T> declsOf(Class<T> kind) {
        return decls.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
