package nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nnc.runtime.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    @Test
    void parsesQuotesCrlfAndBom() throws Exception {
        CsvTable t = Csv.parse("d.csv", "\uFEFFa,b,text\r\n1, 2.5 ,\"hello, \"\"world\"\"\"\r\n\r\n-3,1e-2,\"two\nlines\"\n4,5,plain\n");
        assertEquals(List.of("a", "b", "text"), t.columns());
        assertEquals(3, t.size());
        assertEquals(List.of("hello, \"world\"", "two\nlines", "plain"), t.strings("text"));
        assertArrayEquals(new float[] {1, 2.5f, -3, 0.01f, 4, 5}, t.numbers(List.of("a", "b")).floats());
        assertEquals(2, t.line(0));
        assertEquals(4, t.line(1));
        assertEquals(6, t.line(2), "the quoted newline counts as a line");
        assertFalse(t.isNumeric("text"));
        assertEquals(List.of("x, y"), Csv.parse("q.csv", "a\n  \"x, y\"  \n").strings("a"), "spaces around quotes are dropped");
    }

    static String error(String text) {
        return assertThrows(FileFormatException.class, () -> Csv.parse("data/iris.csv", text)).getMessage();
    }

    @Test
    void errorsCarryFileAndLine() throws Exception {
        assertEquals("data/iris.csv:1: error: the file is empty; expected a header line with column names", error(""));
        assertEquals("data/iris.csv:1: error: the file has a header but no data rows", error("a,b\n"));
        assertEquals("data/iris.csv:3: error: this row has 3 fields but the header has 2 columns", error("a,b\n1,2\n1,2,3\n"));
        assertTrue(error("a,b\n1,\"2\n").startsWith("data/iris.csv:2: error: a quoted field is not closed"));
        assertTrue(error("a,a\n1,2\n").contains("appears twice"));
        CsvTable t = Csv.parse("data/iris.csv", "sepal_length,species\n5.1,setosa\nabc,setosa\n");
        FileFormatException e = assertThrows(FileFormatException.class, () -> t.numbers(List.of("sepal_length")));
        assertEquals("data/iris.csv:3: error: column 'sepal_length' holds 'abc', which is not a number", e.getMessage());
        assertEquals(3, e.line());
        e = assertThrows(FileFormatException.class, () -> t.numbers(List.of("sepal_lenght")));
        assertEquals("data/iris.csv:1: error: no column named 'sepal_lenght'; the columns are sepal_length, species"
                + " — did you mean 'sepal_length'?", e.getMessage());
        CsvTable empty = Csv.parse("d.csv", "a,b\n1,\n");
        e = assertThrows(FileFormatException.class, () -> empty.numbers(List.of("b")));
        assertEquals("d.csv:2: error: empty cell in column 'b'; a number is needed", e.getMessage());
    }

    @Test
    void readsFilesAndReportsMissingOnes() throws Exception {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "v\n1\n2\n");
        assertEquals(2, Csv.read(f).size());
        FileFormatException e = assertThrows(FileFormatException.class, () -> Csv.read(dir.resolve("none.csv"), "none.csv"));
        assertEquals("none.csv: error: no such file", e.getMessage());
    }

    @Test
    void writesTensorsThatReadBack() throws Exception {
        nnc.runtime.Tensor t = nnc.runtime.Tensor.of(new float[] {1, 0.1f, -2.5e-8f, 3}, 2, 2);
        String text = Csv.format(t, null, "output");
        assertEquals("output_0,output_1\n1,0.1\n-2.5e-8,3\n", text);
        Path f = dir.resolve("p.csv");
        Csv.write(f, t, List.of("a", "b,c"), "output");
        CsvTable back = Csv.read(f);
        assertEquals(List.of("a", "b,c"), back.columns());
        assertArrayEquals(t.floats(), back.numbers(List.of("a", "b,c")).floats());
        assertEquals("label\n3\n", Csv.format(nnc.runtime.Tensor.of(new int[] {3}, 1), null, "label"));
    }
}
