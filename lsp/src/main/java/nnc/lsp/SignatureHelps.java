package nnc.lsp;

import java.util.ArrayList;
import java.util.List;
import nnc.syntax.antlr.NnLexer;
import org.antlr.v4.runtime.Token;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.ParameterInformation;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureInformation;

/**
 * Signature help inside a call: the callee's signature with the argument being written
 * highlighted (by position, or by name after {@code name =}).
 */
final class SignatureHelps {
    private SignatureHelps() {}

    static SignatureHelp help(Analysis analysis, int offset) {
        Tokens tokens = Tokens.lex(analysis.source().text());
        if (tokens.inCommentOrString(offset)) return null;
        List<Token> before = tokens.significantBefore(offset);
        if (!before.isEmpty()) {
            Token last = before.get(before.size() - 1);
            if (last.getType() == NnLexer.ID && last.getStopIndex() + 1 == offset) before = before.subList(0, before.size() - 1);
        }
        Completions.CallContext call = Completions.CallContext.of(before);
        if (call == null) return null;
        Signature sig = Catalogue.forProgram(analysis.program(), analysis.source().text()).get(call.callee());
        if (sig == null || sig.kind() == Signature.Kind.MODEL) return null;

        List<ParameterInformation> params = new ArrayList<>();
        for (Signature.Arg a : sig.args()) params.add(new ParameterInformation(a.toString()));
        SignatureInformation info = new SignatureInformation(sig.display());
        info.setParameters(params);
        if (!sig.doc().isEmpty()) info.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, sig.doc()));

        int active = call.positional();
        if (call.pendingName() != null) {
            active = -1;
            for (int i = 0; i < sig.args().size(); i++) if (sig.args().get(i).name().equals(call.pendingName())) active = i;
        } else if (!call.named().isEmpty()) {
            // After a named argument only named ones may follow: highlight the first not given yet.
            active = -1;
            for (int i = call.positional(); i < sig.args().size() && active < 0; i++) {
                if (!call.named().contains(sig.args().get(i).name())) active = i;
            }
        }
        SignatureHelp help = new SignatureHelp(List.of(info), 0, active >= 0 && active < params.size() ? active : null);
        info.setActiveParameter(help.getActiveParameter());
        return help;
    }

}
