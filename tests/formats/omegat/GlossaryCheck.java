// Loads a glossary file with OmegaT's own reader and prints one "source<TAB>target" line per entry it offers.
// Run as a single-file program: java -cp /usr/share/omegat/OmegaT.jar GlossaryCheck.java FILE
import java.io.File;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTSV;

public class GlossaryCheck {
    public static void main(String[] args) throws Exception {
        for (GlossaryEntry entry : GlossaryReaderTSV.read(new File(args[0]), false)) {
            for (String target : entry.getLocTerms(false)) {
                System.out.println(entry.getSrcText() + "\t" + target);
            }
        }
    }
}
