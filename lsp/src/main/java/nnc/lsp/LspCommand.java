package nnc.lsp;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code nnc lsp}: the language server on standard input and output. The compiler module cannot
 * depend on this module (the server depends on the compiler), so {@code nnc.cli.Main} adds this
 * command by class name when the language server is on the class path, as it is in the dist jar.
 */
@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = {"Runs the nnc language server (LSP over standard input and output) for editors.",
                "See docs/editors.md for VS Code and IntelliJ set-up."})
public final class LspCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return LspMain.run(System.in, System.out);
    }
}
