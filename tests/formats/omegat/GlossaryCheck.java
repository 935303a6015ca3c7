// Loads a glossary file with OmegaT's own reader (TSV for .txt/.utf8/.tab, TBX for .tbx) and prints one
// "source<TAB>target" line per translation OmegaT would offer.
// Run as a single-file program: java -cp /usr/share/omegat/OmegaT.jar GlossaryCheck.java FILE
import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.List;
import org.omegat.core.Core;
import org.omegat.core.data.IProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import org.omegat.gui.glossary.GlossaryReaderTSV;

public class GlossaryCheck {
    public static void main(String[] args) throws Exception {
        File file = new File(args[0]);
        List<GlossaryEntry> entries;
        if (file.getName().endsWith(".tbx")) {
            // the TBX reader asks the open project for its languages: a French -> English one
            ProjectProperties props = new ProjectProperties(Files.createTempDirectory("omegat").toFile());
            props.setSourceLanguage("fr");
            props.setTargetLanguage("en");
            IProject project = (IProject) Proxy.newProxyInstance(IProject.class.getClassLoader(),
                    new Class<?>[] {IProject.class},
                    (proxy, method, arguments) -> method.getName().equals("getProjectProperties") ? props : null);
            Core.setProject(project);
            entries = GlossaryReaderTBX.read(file, false);
        } else {
            entries = GlossaryReaderTSV.read(file, false);
        }
        for (GlossaryEntry entry : entries) {
            for (String target : entry.getLocTerms(false)) {
                System.out.println(entry.getSrcText() + "\t" + target);
            }
        }
    }
}
