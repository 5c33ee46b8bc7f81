package nnc.lsp;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Drives a {@link NncLanguageServer} in the test's JVM the way an editor would, through the
 * server's public LSP interfaces, and records what it publishes.
 */
final class InProcessClient implements LanguageClient, AutoCloseable {
    static final long TIMEOUT_S = 20;

    final NncLanguageServer server;
    private final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();

    InProcessClient() throws Exception {
        server = new NncLanguageServer();
        server.connect(this);
        server.initialize(new InitializeParams()).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    void open(String uri, String text) {
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "nn", 1, text)));
    }

    void change(String uri, int version, String text) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(text))));
    }

    /** The next diagnostics published for {@code uri} at {@code version} (older ones are skipped). */
    PublishDiagnosticsParams diagnostics(String uri, int version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            PublishDiagnosticsParams p = published.poll(100, TimeUnit.MILLISECONDS);
            if (p != null && p.getUri().equals(uri) && p.getVersion() != null && p.getVersion() == version) return p;
        }
        throw new AssertionError("no diagnostics published for " + uri + " version " + version);
    }

    Hover hover(String uri, int line, int character) throws Exception {
        return server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri),
                new Position(line, character))).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    List<InlayHint> inlayHints(String uri) throws Exception {
        Range all = new Range(new Position(0, 0), new Position(100_000, 0));
        return server.getTextDocumentService().inlayHint(new InlayHintParams(new TextDocumentIdentifier(uri), all))
                .get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    List<CompletionItem> complete(String uri, int line, int character) throws Exception {
        return server.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(uri),
                new Position(line, character))).get(TIMEOUT_S, TimeUnit.SECONDS).getLeft();
    }

    SignatureHelp signatureHelp(String uri, int line, int character) throws Exception {
        return server.getTextDocumentService().signatureHelp(new SignatureHelpParams(new TextDocumentIdentifier(uri),
                new Position(line, character))).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    List<? extends Location> definition(String uri, int line, int character) throws Exception {
        return server.getTextDocumentService().definition(new DefinitionParams(new TextDocumentIdentifier(uri),
                new Position(line, character))).get(TIMEOUT_S, TimeUnit.SECONDS).getLeft();
    }

    List<DocumentSymbol> symbols(String uri) throws Exception {
        return server.getTextDocumentService().documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri)))
                .get(TIMEOUT_S, TimeUnit.SECONDS).stream().map(e -> e.getRight()).toList();
    }

    /** Position (0-based line, character) of the {@code n}-th (from 1) occurrence of {@code needle} in {@code text}. */
    static Position positionOf(String text, String needle, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = text.indexOf(needle, at + 1);
            if (at < 0) throw new AssertionError(needle + " not found in the test text");
        }
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, at - lineStart);
    }

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
        published.add(diagnostics);
    }

    @Override public void telemetryEvent(Object object) {}
    @Override public void showMessage(MessageParams messageParams) {}
    @Override public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
        return CompletableFuture.completedFuture(null);
    }
    @Override public void logMessage(MessageParams message) {}

    @Override
    public void close() {
        server.close();
    }
}
