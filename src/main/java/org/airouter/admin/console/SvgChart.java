package org.airouter.admin.console;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Bar charts as inline SVG, drawn on the server: no script, no library, nothing fetched. Colours come from CSS
 * classes (so both themes apply); every chart has a title and a text summary for screen readers.
 */
public final class SvgChart {
  // Three charts share a row on a wide screen (about 360 px each): a viewBox near that width keeps the axis text
  // (15 units, console.css) readable there, and on a phone, where it is scaled down less than a wider one would be.
  static final int WIDTH = 420;
  static final int HEIGHT = 220;
  private static final int LEFT = 60;
  private static final int BOTTOM = 26;
  private static final int TOP = 8;
  private static final double CHAR_WIDTH = 9;   // about, at the axis font size: 15 units
  private static final int X_LABELS = 6;   // at most, so labels such as "11-26" or "14:00" never touch

  private SvgChart() {}

  /** One bar: its label on the x axis (may be blank), its value and the part of it drawn as the second series. */
  public record Bar(String label, double value, double part) {}

  /**
   * @param title what the chart shows, for its accessible name
   * @param partName what {@code part} is ("errors"), or null for a single series
   */
  public static String bars(String title, List<Bar> bars, String partName) {
    return bars(title, bars, partName, SvgChart::compact);
  }

  /** As {@link #bars(String, List, String)}, with axis and tooltip values written by {@code format} ("320 ms"). */
  public static String bars(String title, List<Bar> bars, String partName, DoubleFunction<String> format) {
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
    double top = niceCeiling(max);
    StringBuilder svg = new StringBuilder(4096);
    svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"").append(escape(title)).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    svg.append("<title>").append(escape(title)).append("</title>");
    int plotHeight = HEIGHT - BOTTOM - TOP;
    int plotWidth = WIDTH - LEFT;
    for (int i = 0; i <= 2; i++) {   // grid lines at 0, half and the top, labelled
      double y = TOP + plotHeight - plotHeight * i / 2.0;
      svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH)
          .append("\" y1=\"").append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\"/>");
      svg.append("<text class=\"axis\" x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 5))
          .append("\" text-anchor=\"end\">").append(escape(format.apply(top * i / 2))).append("</text>");
    }
    if (bars.isEmpty() || max == 0) {
      svg.append("<text class=\"axis\" x=\"").append(LEFT + plotWidth / 2).append("\" y=\"").append(TOP + plotHeight / 2)
          .append("\" text-anchor=\"middle\">No data in this period</text>");
    }
    double slot = bars.isEmpty() ? 0 : (double) plotWidth / bars.size();
    double barWidth = Math.max(1, slot * 0.72);
    int labelEvery = Math.max(1, (int) Math.ceil(bars.size() / (double) X_LABELS));
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double x = LEFT + slot * i + (slot - barWidth) / 2;
      double h = top == 0 ? 0 : plotHeight * bar.value() / top;
      double hp = top == 0 ? 0 : plotHeight * Math.min(bar.part(), bar.value()) / top;
      String tip = bar.label() + ": " + format.apply(bar.value())
          + (partName == null ? "" : ", " + format.apply(bar.part()) + " " + partName);
      svg.append("<g><title>").append(escape(tip)).append("</title>");
      if (h > 0) rect(svg, "bar", x, TOP + plotHeight - h, barWidth, h);
      if (hp > 0) rect(svg, "bar-part", x, TOP + plotHeight - hp, barWidth, hp);
      svg.append("</g>");
      if (i % labelEvery == 0 && bar.label() != null && !bar.label().isBlank()) {
        // centred under its bar, unless that would cut it at the right edge: then it ends at the edge
        double centre = x + barWidth / 2;
        boolean atEdge = centre + bar.label().length() * CHAR_WIDTH / 2 > WIDTH;
        svg.append("<text class=\"axis\" x=\"").append(fmt(atEdge ? WIDTH : centre)).append("\" y=\"").append(HEIGHT - 5)
            .append("\" text-anchor=\"").append(atEdge ? "end" : "middle").append("\">").append(escape(bar.label()))
            .append("</text>");
      }
    }
    return svg.append("</svg>").toString();
  }

  private static void rect(StringBuilder svg, String cssClass, double x, double y, double w, double h) {
    svg.append("<rect class=\"").append(cssClass).append("\" x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y))
        .append("\" width=\"").append(fmt(w)).append("\" height=\"").append(fmt(h)).append("\"/>");
  }

  /** 1, 2 or 5 times a power of ten, at least {@code max}: axis labels people can read. */
  static double niceCeiling(double max) {
    if (max <= 0) return 0;
    double power = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 2, 5, 10}) if (step * power >= max) return step * power;
    return 10 * power;
  }

  /** 1234 → "1.2k", 2500000 → "2.5M". */
  static String compact(double v) {
    if (v >= 1_000_000) return trim(v / 1_000_000) + "M";
    if (v >= 1_000) return trim(v / 1_000) + "k";
    return trim(v);
  }

  /** 320 → "320 ms", 1500 → "1.5 s": latency axes. */
  static String milliseconds(double ms) {
    return ms >= 1_000 ? trim(Math.round(ms / 100) / 10.0) + " s" : Math.round(ms) + " ms";
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String fmt(double v) { return String.format(Locale.ROOT, "%.1f", v); }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
