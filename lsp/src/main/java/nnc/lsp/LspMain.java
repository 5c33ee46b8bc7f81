package nnc.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Starts the nnc language server on standard input and output ({@code nnc lsp}). Standard
 * output carries the JSON-RPC stream only: anything else the JVM or a library would print there
 * goes to standard error, where editors show it as the server's log.
 */
public final class LspMain {
    private LspMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(System.in, System.out));
    }

    /** Serves one client until it sends {@code exit} or closes the stream; returns the exit code. */
    public static int run(InputStream in, OutputStream out) throws Exception {
        PrintStream protocolOut = new PrintStream(out, true);
        System.setOut(System.err); // a stray println must never corrupt the protocol stream
        NncLanguageServer server = new NncLanguageServer();
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, protocolOut);
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        int code = server.awaitExit(listening);
        server.close();
        return code;
    }
}
