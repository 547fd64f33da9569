package io.mig4j.cli.render;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Reads SVG documents back with the JDK's XML parser, for tests of the pictures. */
public final class SvgDocuments {
    private SvgDocuments() {
    }

    /** The document, namespace-aware; fails the test when {@code svg} is not well-formed XML. */
    public static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    /** The SVG elements named {@code tag} under {@code root} whose {@code class} is {@code cssClass}, in order. */
    public static List<Element> byClass(Element root, String tag, String cssClass) {
        List<Element> out = new ArrayList<>();
        NodeList all = root.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("class").equals(cssClass)) {
                out.add(e);
            }
        }
        return out;
    }
}
