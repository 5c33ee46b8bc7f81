package nnc.lsp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SignatureHelpOptions;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The nnc language server: diagnostics, hover, inlay hints, completion, go-to-definition and
 * the outline of {@code .nn} files, computed by the compiler's own parser and checker.
 */
public final class NncLanguageServer implements LanguageServer, LanguageClientAware, AutoCloseable {
    private final NncTextDocumentService documents;
    private final NncWorkspaceService workspace = new NncWorkspaceService();
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile boolean shutdownRequested;

    public NncLanguageServer() {
        this(NncTextDocumentService.DEFAULT_DEBOUNCE_MS);
    }

    /** A server whose diagnostics wait {@code debounceMs} after the last change before they run. */
    public NncLanguageServer(long debounceMs) {
        this.documents = new NncTextDocumentService(debounceMs);
    }

    @Override
    public void connect(LanguageClient client) {
        documents.connect(client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerCapabilities caps = new ServerCapabilities();
        caps.setTextDocumentSync(TextDocumentSyncKind.Full);
        caps.setHoverProvider(true);
        caps.setInlayHintProvider(true);
        caps.setDefinitionProvider(true);
        caps.setDocumentSymbolProvider(true);
        CompletionOptions completion = new CompletionOptions();
        completion.setTriggerCharacters(List.of("(", ",", "=", " "));
        caps.setCompletionProvider(completion);
        caps.setSignatureHelpProvider(new SignatureHelpOptions(List.of("(", ","), List.of(" ")));
        return CompletableFuture.completedFuture(new InitializeResult(caps, new ServerInfo("nnc", "0.1.0")));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdownRequested = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        exited.countDown();
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspace;
    }

    /**
     * Waits for the {@code exit} notification or the end of the input stream. As the protocol
     * asks, the exit code is 0 only when {@code shutdown} came first.
     */
    int awaitExit(Future<Void> listening) throws InterruptedException {
        Thread watcher = Thread.ofVirtual().start(() -> {
            try {
                listening.get();
            } catch (InterruptedException | ExecutionException e) {
                // the stream ended or broke: treat it like exit
            } catch (RuntimeException e) {
                // cancelled
            }
            exited.countDown();
        });
        exited.await();
        watcher.interrupt();
        return shutdownRequested ? 0 : 1;
    }

    @Override
    public void close() {
        documents.close();
    }
}
