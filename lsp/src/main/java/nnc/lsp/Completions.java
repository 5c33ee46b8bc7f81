package nnc.lsp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.syntax.antlr.NnLexer;
import org.antlr.v4.runtime.Token;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * Completion from the tokens before the cursor (the text being typed rarely parses):
 * <ul>
 *   <li>inside a call of a known layer, after {@code (} or {@code ,}: its argument names not
 *       given yet ({@code dense(} offers {@code units}, {@code activation}, …) and the values of
 *       the positional argument at that place;</li>
 *   <li>after {@code name =} inside a call: the values of that argument (enum choices such as
 *       {@code valid}/{@code same}, activations, {@code true}/{@code false});</li>
 *   <li>elsewhere: layer names (catalogue and this file), activations, models and keywords.</li>
 * </ul>
 */
final class Completions {
    private Completions() {}

    private static final List<String> DECLARATION_KEYWORDS = List.of("model", "layer", "fn", "data", "train", "import");
    private static final List<String> STATEMENT_KEYWORDS = List.of("input", "let", "output", "param", "as");

    static List<CompletionItem> complete(Analysis analysis, int offset) {
        String text = analysis.source().text();
        Tokens tokens = Tokens.lex(text);
        if (tokens.inCommentOrString(offset)) return List.of();
        Catalogue catalogue = Catalogue.forProgram(analysis.program(), text);

        List<Token> before = tokens.significantBefore(offset);
        // The word being typed is the prefix the editor filters by; the context is what precedes it.
        if (!before.isEmpty()) {
            Token last = before.get(before.size() - 1);
            if (last.getType() == NnLexer.ID && last.getStopIndex() + 1 == offset) before = before.subList(0, before.size() - 1);
        }
        CallContext call = CallContext.of(before);
        if (call != null) {
            Signature sig = catalogue.get(call.callee());
            if (sig != null) return inCall(sig, call, catalogue);
            return values(null, catalogue);
        }
        if (inTrainBlock(before)) return trainSetting(before, catalogue, analysis);
        List<CompletionItem> data = dataContext(before, catalogue);
        if (data != null) return data;
        return topLevel(catalogue, braceDepth(before) > 0);
    }

    /** Where the cursor is inside a call: the callee, the arguments already written, and a pending {@code name =}. */
    record CallContext(String callee, int positional, Set<String> named, String pendingName) {

        static CallContext of(List<Token> before) {
            // Find the innermost unclosed '(' before the cursor.
            int depth = 0;
            int open = -1;
            for (int i = before.size() - 1; i >= 0 && open < 0; i--) {
                int type = before.get(i).getType();
                switch (type) {
                    case NnLexer.RPAREN, NnLexer.RBRACK -> depth++;
                    case NnLexer.LBRACK -> {
                        if (depth == 0) return null; // inside a list or a shape, not an argument
                        depth--;
                    }
                    case NnLexer.LPAREN -> {
                        if (depth == 0) open = i;
                        else depth--;
                    }
                    case NnLexer.LBRACE, NnLexer.RBRACE -> {
                        return null; // the statement ended before any open call
                    }
                    default -> { }
                }
            }
            if (open <= 0 || before.get(open - 1).getType() != NnLexer.ID) return null; // (a + b): no call
            // Split what follows into arguments at top-level commas.
            List<List<Token>> args = new ArrayList<>();
            List<Token> current = new ArrayList<>();
            depth = 0;
            for (Token t : before.subList(open + 1, before.size())) {
                int type = t.getType();
                if (type == NnLexer.LPAREN || type == NnLexer.LBRACK) depth++;
                if (type == NnLexer.RPAREN || type == NnLexer.RBRACK) depth--;
                if (type == NnLexer.COMMA && depth == 0) {
                    args.add(current);
                    current = new ArrayList<>();
                } else {
                    current.add(t);
                }
            }
            int positional = 0;
            Set<String> named = new HashSet<>();
            for (List<Token> arg : args) {
                String name = argName(arg);
                if (name != null) named.add(name);
                else if (!arg.isEmpty()) positional++;
            }
            return new CallContext(before.get(open - 1).getText(), positional, named, argName(current));
        }

        /** {@code name} when the argument starts with {@code name =}, else null. */
        private static String argName(List<Token> arg) {
            if (arg.size() >= 2 && arg.get(1).getType() == NnLexer.ASSIGN) return arg.get(0).getText();
            return null;
        }
    }

    private static List<CompletionItem> inCall(Signature sig, CallContext call, Catalogue catalogue) {
        if (call.pendingName() != null) return values(sig.arg(call.pendingName()), catalogue);
        List<CompletionItem> items = new ArrayList<>();
        int index = 0;
        for (Signature.Arg arg : sig.args()) {
            if (!call.named().contains(arg.name()) && index >= call.positional()) {
                CompletionItem item = new CompletionItem(arg.name());
                item.setKind(CompletionItemKind.Property);
                item.setDetail(arg.required() ? "required argument of " + sig.name() : "= " + arg.defaultText());
                item.setInsertText(arg.name() + " = ");
                item.setSortText("0" + String.format("%03d", index));
                items.add(item);
            }
            index++;
        }
        // The next positional argument's values, e.g. `dense(10, |` offers activations.
        if (call.named().isEmpty() && call.positional() < sig.args().size()) {
            for (CompletionItem v : values(sig.args().get(call.positional()), catalogue)) {
                v.setSortText("1" + v.getLabel());
                items.add(v);
            }
        }
        return items;
    }

    /** The values an argument accepts; for an unknown argument, every name that can be a value. */
    private static List<CompletionItem> values(Signature.Arg arg, Catalogue catalogue) {
        Map<String, CompletionItem> items = new LinkedHashMap<>();
        Signature.ValueKind kind = arg == null ? Signature.ValueKind.OTHER : arg.kind();
        switch (kind) {
            case ENUM -> arg.choices().forEach(c -> items.put(c, item(c, CompletionItemKind.EnumMember, "value of " + arg.name())));
            case BOOL -> List.of("true", "false").forEach(c -> items.put(c, item(c, CompletionItemKind.Keyword, "bool")));
            case ACTIVATION -> catalogue.activations().forEach(s -> items.put(s.name(), signatureItem(s)));
            case LAYER -> catalogue.layers().forEach(s -> items.put(s.name(), signatureItem(s)));
            case REGULARIZER -> {
                items.put("none", item("none", CompletionItemKind.Keyword, "no regularizer"));
                catalogue.ofKind(Signature.Kind.REGULARIZER).forEach(s -> items.put(s.name(), signatureItem(s)));
            }
            case INITIALIZER -> catalogue.ofKind(Signature.Kind.INITIALIZER).forEach(s -> items.put(s.name(), signatureItem(s)));
            default -> {
                catalogue.activations().forEach(s -> items.put(s.name(), signatureItem(s)));
                catalogue.enumValues().forEach(c -> items.putIfAbsent(c, item(c, CompletionItemKind.EnumMember, "value")));
            }
        }
        return new ArrayList<>(items.values());
    }

    private static List<CompletionItem> topLevel(Catalogue catalogue, boolean inBody) {
        List<CompletionItem> items = new ArrayList<>();
        if (inBody) {
            for (Signature s : catalogue.layers()) items.add(signatureItem(s));
            for (Signature s : catalogue.userCallables()) items.add(signatureItem(s));
            for (String k : STATEMENT_KEYWORDS) items.add(item(k, CompletionItemKind.Keyword, "keyword"));
        } else {
            for (String k : DECLARATION_KEYWORDS) items.add(item(k, CompletionItemKind.Keyword, "keyword"));
        }
        return items;
    }

    /** True when the innermost open brace is the one of {@code train MODEL on DATA {}. */
    private static boolean inTrainBlock(List<Token> before) {
        int depth = 0;
        for (int i = before.size() - 1; i >= 0; i--) {
            int type = before.get(i).getType();
            if (type == NnLexer.RBRACE) depth++;
            else if (type == NnLexer.LBRACE) {
                if (depth > 0) {
                    depth--;
                    continue;
                }
                return i >= 4 && before.get(i - 4).getType() == NnLexer.TRAIN && before.get(i - 2).getType() == NnLexer.ON;
            }
        }
        return false;
    }

    /**
     * Inside a {@code train} block: after {@code SETTING =} (or {@code SETTING = [ … ,}) the values of
     * that setting (losses, optimizers, metrics, callbacks, data sets, booleans); otherwise the
     * setting names not written yet.
     */
    private static List<CompletionItem> trainSetting(List<Token> before, Catalogue catalogue, Analysis analysis) {
        String setting = null;
        for (int i = before.size() - 1; i >= 1; i--) {
            int type = before.get(i).getType();
            if (type == NnLexer.LBRACE) break;
            if (type == NnLexer.ASSIGN) {
                // `SETTING =` directly, or inside its list: nothing but list punctuation and names after it.
                boolean valueStarted = false;
                for (Token t : before.subList(i + 1, before.size())) {
                    if (t.getType() != NnLexer.LBRACK && t.getType() != NnLexer.COMMA) valueStarted = true;
                }
                boolean inList = before.subList(i + 1, before.size()).stream().anyMatch(t -> t.getType() == NnLexer.LBRACK)
                        && before.get(before.size() - 1).getType() != NnLexer.RBRACK;
                if (!valueStarted || (inList && before.get(before.size() - 1).getType() == NnLexer.COMMA)) {
                    setting = before.get(i - 1).getText();
                }
                break;
            }
        }
        List<CompletionItem> items = new ArrayList<>();
        if (setting == null) {
            Set<String> written = new HashSet<>();
            for (int i = before.size() - 1; i >= 1 && before.get(i).getType() != NnLexer.LBRACE; i--) {
                if (before.get(i).getType() == NnLexer.ASSIGN) written.add(before.get(i - 1).getText());
            }
            for (Signature.Arg a : CheckAdapter.trainSettings()) {
                if (written.contains(a.name())) continue;
                CompletionItem item = item(a.name(), CompletionItemKind.Property,
                        a.required() ? "required setting" : "= " + a.defaultText());
                item.setInsertText(a.name() + " = ");
                items.add(item);
            }
            return items;
        }
        Signature.Kind kind = switch (setting) {
            case "loss" -> Signature.Kind.LOSS;
            case "optimizer" -> Signature.Kind.OPTIMIZER;
            case "metrics" -> Signature.Kind.METRIC;
            case "callbacks" -> Signature.Kind.CALLBACK;
            default -> null;
        };
        if (kind != null) {
            catalogue.ofKind(kind).forEach(s -> items.add(signatureItem(s)));
        } else if (setting.equals("shuffle")) {
            List.of("true", "false").forEach(b -> items.add(item(b, CompletionItemKind.Keyword, "bool")));
        } else if (setting.equals("validation_data") && analysis.program() != null) {
            analysis.program().declsOf(nnc.syntax.ast.Decl.Data.class)
                    .forEach(d -> items.add(item(d.name().name(), CompletionItemKind.Struct, "data")));
        }
        return items;
    }

    /**
     * In a data declaration: after {@code data NAME =} the data sources ({@code csv}, {@code idx} …);
     * after {@code |>} inside its block the transforms ({@code standardize}, {@code onehot} …).
     * Null when the cursor is not in a data declaration.
     */
    private static List<CompletionItem> dataContext(List<Token> before, Catalogue catalogue) {
        int n = before.size();
        if (n >= 3 && before.get(n - 1).getType() == NnLexer.ASSIGN && before.get(n - 3).getType() == NnLexer.DATA) {
            return catalogue.ofKind(Signature.Kind.DATA_SOURCE).stream().map(Completions::signatureItem).toList();
        }
        if (n == 0 || before.get(n - 1).getType() != NnLexer.PIPE) return null;
        int depth = 0;
        for (int i = n - 1; i >= 0; i--) {
            int type = before.get(i).getType();
            if (type == NnLexer.RBRACE) depth++;
            else if (type == NnLexer.LBRACE && depth > 0) depth--;
            else if (type == NnLexer.LBRACE) {
                // The block of `data NAME = SOURCE(…) {`: a DATA token starts the declaration.
                for (int j = i - 1; j >= 0; j--) {
                    int t = before.get(j).getType();
                    if (t == NnLexer.DATA) {
                        return catalogue.ofKind(Signature.Kind.TRANSFORM).stream().map(Completions::signatureItem).toList();
                    }
                    if (t == NnLexer.LBRACE || t == NnLexer.RBRACE || t == NnLexer.MODEL || t == NnLexer.LAYER
                            || t == NnLexer.TRAIN || t == NnLexer.FN) return null;
                }
                return null;
            }
        }
        return null;
    }

    private static int braceDepth(List<Token> before) {
        int depth = 0;
        for (Token t : before) {
            if (t.getType() == NnLexer.LBRACE) depth++;
            else if (t.getType() == NnLexer.RBRACE) depth = Math.max(0, depth - 1);
        }
        return depth;
    }

    private static CompletionItem item(String label, CompletionItemKind kind, String detail) {
        CompletionItem item = new CompletionItem(label);
        item.setKind(kind);
        item.setDetail(detail);
        return item;
    }

    private static CompletionItem signatureItem(Signature s) {
        CompletionItemKind kind = switch (s.kind()) {
            case MODEL -> CompletionItemKind.Class;
            case LAYER, USER_LAYER -> CompletionItemKind.Method;
            default -> CompletionItemKind.Function;
        };
        CompletionItem item = item(s.name(), kind, s.display());
        if (!s.doc().isEmpty()) item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, s.doc()));
        item.setInsertTextFormat(InsertTextFormat.PlainText);
        return item;
    }
}
