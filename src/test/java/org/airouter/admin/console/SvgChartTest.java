package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTest {
  @Test void barsScaleToANiceCeilingAndThePartIsDrawnInside() {
    String svg = SvgChart.bars("Requests", List.of(new SvgChart.Bar("a", 40, 10), new SvgChart.Bar("b", 80, 0)), "errors");
    assertTrue(svg.startsWith("<svg class=\"chart\""), svg);
    assertTrue(svg.contains(">100</text>"), "80 rounds up to 100 on the axis: " + svg);
    assertEquals(List.of(74.4, 148.8), heights(svg, "bar"), "186 px of plot: 40% and 80% of it");
    assertEquals(List.of(18.6), heights(svg, "bar-part"), "10 of 100");
    assertTrue(svg.contains("<title>a: 40, 10 errors</title>"));
  }

  @Test void anEmptySeriesSaysSo() {
    String svg = SvgChart.bars("Tokens", List.of(new SvgChart.Bar("x", 0, 0)), null);
    assertTrue(svg.contains("No data in this period"));
    assertFalse(svg.contains("<rect"));
  }

  @Test void theLastBarsLabelEndsAtTheRightEdgeInsteadOfBeingCut() {
    List<SvgChart.Bar> bars = new ArrayList<>();
    for (int day = 1; day <= 31; day++) bars.add(new SvgChart.Bar(String.format("12-%02d", day), day, 0));
    String svg = SvgChart.bars("Requests", bars, null);
    assertTrue(svg.contains("x=\"" + SvgChart.WIDTH + ".0\" y=\"" + (SvgChart.HEIGHT - 5) + "\" text-anchor=\"end\">12-31</text>"), svg);
    assertTrue(svg.contains("text-anchor=\"middle\">12-01</text>"), "the others stay centred: " + svg);
  }

  @Test void labelsAreEscaped() {
    String svg = SvgChart.bars("<script>\"&'", List.of(new SvgChart.Bar("<b>", 1, 0)), null);
    assertFalse(svg.contains("<script>"));
    assertFalse(svg.contains("<b>"));
    assertTrue(svg.contains("&lt;script&gt;&quot;&amp;&#39;"));
  }

  @Test void niceCeilingsAndCompactNumbers() {
    assertEquals(1, SvgChart.niceCeiling(1));
    assertEquals(2, SvgChart.niceCeiling(1.5));
    assertEquals(50, SvgChart.niceCeiling(42));
    assertEquals(1000, SvgChart.niceCeiling(501));
    assertEquals(0, SvgChart.niceCeiling(0));
    assertEquals("1.2k", SvgChart.compact(1234));
    assertEquals("2.5M", SvgChart.compact(2_500_000));
    assertEquals("7", SvgChart.compact(7));
  }

  @Test void latencyAxesAndTooltipsAreInMilliseconds() {
    String svg = SvgChart.bars("Latency", List.of(new SvgChart.Bar("10:00", 320, 80)), "to first byte",
        SvgChart::milliseconds);
    assertTrue(svg.contains(">500 ms</text>"), "320 rounds up to 500 on the axis: " + svg);
    assertTrue(svg.contains(">250 ms</text>"), svg);
    assertTrue(svg.contains("<title>10:00: 320 ms, 80 ms to first byte</title>"), svg);
    assertEquals("1.5 s", SvgChart.milliseconds(1499.9));
    assertEquals("2 s", SvgChart.milliseconds(2000));
    assertEquals("999 ms", SvgChart.milliseconds(999.4));
  }

  static List<Double> heights(String svg, String cssClass) {
    Matcher m = Pattern.compile("<rect class=\"" + cssClass + "\" [^>]*height=\"([0-9.]+)\"").matcher(svg);
    List<Double> out = new ArrayList<>();
    while (m.find()) out.add(Double.parseDouble(m.group(1)));
    return out;
  }
}
