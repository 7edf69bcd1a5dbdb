package org.wxplatform.message.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class XmlTemplateTest {

    @Test
    void stringsAreCdataEscapedInsideCdataAndTextEscapedOutside() {
        XmlTemplate template = XmlTemplate.compile("<a><![CDATA[{{In}}]]></a><b>{{Out}}</b>");
        assertEquals(
                "<a><![CDATA[x]]]]><![CDATA[>y]]></a><b>&lt;&amp;&gt;]]&gt;</b>",
                template.render(XmlTemplate.values().put("In", "x]]>y").put("Out", "<&>]]>")));
    }

    @Test
    void numbersArePlainDecimal() {
        XmlTemplate template = XmlTemplate.compile("<n>{{N}}</n><d>{{D}}</d>");
        assertEquals(
                "<n>42</n><d>0.000001</d>",
                template.render(XmlTemplate.values().put("N", 42L).put("D", new BigDecimal("1E-6"))));
    }

    @Test
    void optionalElementsAppearOnlyWithAValue() {
        XmlTemplate template = XmlTemplate.compile("<r>{{?Title}}{{?Count}}</r>");
        assertEquals("<r></r>", template.render(XmlTemplate.values().put("Title", null)));
        assertEquals(
                "<r><Title><![CDATA[t]]></Title><Count>3</Count></r>",
                template.render(XmlTemplate.values().put("Title", "t").put("Count", 3)));
    }

    @Test
    void carriageReturnsAreWrittenAsCharacterReferences() {
        XmlTemplate template = XmlTemplate.compile("<a><![CDATA[{{V}}]]></a>");
        assertEquals(
                "<a><![CDATA[x]]>&#13;<![CDATA[\ny]]></a>",
                template.render(XmlTemplate.values().put("V", "x\r\ny")));
    }

    @Test
    void templateMistakesFailAtCompileOrRenderTime() {
        assertThrows(IllegalArgumentException.class, () -> XmlTemplate.compile("<a>{{X</a>"));
        assertThrows(IllegalArgumentException.class, () -> XmlTemplate.compile("<a><![CDATA[{{?X}}]]></a>"));
        assertThrows(IllegalArgumentException.class, () -> XmlTemplate.compile("<a><![CDATA[{{X}}</a>"));
        assertThrows(IllegalArgumentException.class, () -> XmlTemplate.compile("<a>{{bad name}}</a>"));
        XmlTemplate template = XmlTemplate.compile("<a>{{X}}</a>");
        assertThrows(IllegalStateException.class, () -> template.render(XmlTemplate.values()));
        assertThrows(
                IllegalArgumentException.class,
                () -> template.render(XmlTemplate.values().put("X", null)));
        assertThrows(
                IllegalArgumentException.class,
                () -> template.render(XmlTemplate.values().put("X", 1.5d)));
        XmlTemplate raw = XmlTemplate.compile("<a>{{&X}}</a>");
        assertThrows(
                IllegalArgumentException.class,
                () -> raw.render(XmlTemplate.values().put("X", "<b/>")));
    }
}
