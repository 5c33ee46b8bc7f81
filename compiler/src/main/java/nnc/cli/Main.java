package nnc.cli;

/** Entry point of the nnc command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("nnc");
    }
}
