package org.opentask.app.console;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Trend charts as inline SVG, drawn on the server: a day per slot on the x axis, bars for counts or lines for
 * durations. No chart library and no script: the page carries the finished picture, and a test can read its
 * bars and points like any other element ({@code data-series}, {@code data-value}).
 */
final class TrendChart {

    /** One named row of values, a value per day; null where a day has none. */
    record Series(String name, String color, List<Double> values) {
    }

    private static final int HEIGHT = 230;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 30;
    private static final int BOTTOM = 34;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");

    private TrendChart() {
    }

    /** Grouped bars, a group per day; {@code width} in SVG units, the page scales the picture to fit. */
    static String bars(String title, List<LocalDate> days, List<Series> series, int width) {
        return chart(title, days, series, true, value -> String.format(Locale.ROOT, "%.0f", value), width);
    }

    /** A line per series, broken where a day has no value. */
    static String lines(String title, List<LocalDate> days, List<Series> series, DoubleFunction<String> label,
                        int width) {
        return chart(title, days, series, false, label, width);
    }

    private static String chart(String title, List<LocalDate> days, List<Series> series, boolean bars,
                                DoubleFunction<String> label, int width) {
        double max = 0;
        for (Series s : series) {
            for (Double value : s.values()) {
                if (value != null) {
                    max = Math.max(max, value);
                }
            }
        }
        // counts get whole numbers on each of the four grid lines
        double top = bars ? 4 * Math.ceil(niceCeiling(max / 4)) : 4 * durationStep(max / 4);
        double plotWidth = width - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = plotWidth / Math.max(1, days.size());
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width)
                .append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(escape(title))
                .append("\" data-chart=\"").append(bars ? "bars" : "lines").append("\">");
        svg.append("<text class=\"chart-title\" x=\"").append(LEFT).append("\" y=\"16\">").append(escape(title))
                .append("</text>");
        // legend, right-aligned in the title row
        double legendX = width - RIGHT;
        for (int i = series.size() - 1; i >= 0; i--) {
            Series s = series.get(i);
            legendX -= 14 + 7 * s.name().length();
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"7\" width=\"10\" height=\"10\" rx=\"2\" fill=\"%s\"/>"
                            + "<text class=\"legend\" x=\"%.1f\" y=\"16\">%s</text>",
                    legendX, s.color(), legendX + 13, escape(s.name())));
            legendX -= 6;
        }
        // grid and y labels
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotHeight - plotHeight * i / 4;
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                            + "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT, y, width - RIGHT, y, LEFT - 6, y + 4, escape(label.apply(top * i / 4))));
        }
        // x labels: every day while they fit, else every other one
        int every = slot < 34 ? 2 : 1;
        for (int d = 0; d < days.size(); d++) {
            if ((days.size() - 1 - d) % every == 0) {
                svg.append(String.format(Locale.ROOT,
                        "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        LEFT + slot * (d + 0.5), HEIGHT - BOTTOM + 16, DAY.format(days.get(d))));
            }
        }
        if (max == 0) {
            svg.append(String.format(Locale.ROOT,
                    "<text class=\"empty\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">no data in these days</text>",
                    LEFT + plotWidth / 2, TOP + plotHeight / 2));
        }
        if (bars) {
            double groupWidth = slot * 0.76;
            double barWidth = groupWidth / Math.max(1, series.size());
            for (int d = 0; d < days.size(); d++) {
                for (int i = 0; i < series.size(); i++) {
                    Series s = series.get(i);
                    double value = valueOrZero(s, d);
                    double height = top == 0 ? 0 : plotHeight * value / top;
                    double x = LEFT + slot * d + (slot - groupWidth) / 2 + barWidth * i;
                    svg.append(String.format(Locale.ROOT,
                            "<rect class=\"bar\" data-series=\"%s\" data-day=\"%s\" data-value=\"%s\" x=\"%.1f\""
                                    + " y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s</title></rect>",
                            escape(s.name()), days.get(d), label.apply(value), x, TOP + plotHeight - height,
                            Math.max(1, barWidth - 1), height, s.color(), days.get(d), escape(s.name()),
                            label.apply(value)));
                }
            }
        } else {
            for (Series s : series) {
                List<String> segment = new ArrayList<>();
                StringBuilder points = new StringBuilder();
                for (int d = 0; d <= days.size(); d++) {
                    Double value = d < days.size() ? s.values().get(d) : null;
                    if (value == null) {
                        if (segment.size() > 1) {
                            svg.append("<polyline class=\"line\" fill=\"none\" stroke=\"").append(s.color())
                                    .append("\" stroke-width=\"2\" points=\"").append(String.join(" ", segment))
                                    .append("\"/>");
                        }
                        segment.clear();
                        continue;
                    }
                    double x = LEFT + slot * (d + 0.5);
                    double y = TOP + plotHeight - (top == 0 ? 0 : plotHeight * value / top);
                    segment.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
                    points.append(String.format(Locale.ROOT,
                            "<circle class=\"point\" data-series=\"%s\" data-day=\"%s\" data-value=\"%s\""
                                    + " cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s: %s</title></circle>",
                            escape(s.name()), days.get(d), label.apply(value), x, y, s.color(), days.get(d),
                            escape(s.name()), label.apply(value)));
                }
                svg.append(points);
            }
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"baseline\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                LEFT, TOP + plotHeight, width - RIGHT, TOP + plotHeight));
        return svg.append("</svg>").toString();
    }

    private static double valueOrZero(Series series, int day) {
        Double value = series.values().get(day);
        return value == null ? 0 : value;
    }

    private static final double[] DURATION_STEPS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000,
            10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
            10_800_000, 21_600_000, 43_200_000, 86_400_000};

    /** A grid step in milliseconds that reads well as a duration: 5 s, 30 s, 2 min, 15 min, 1 h. */
    static double durationStep(double quarterOfMax) {
        for (double step : DURATION_STEPS_MS) {
            if (step >= quarterOfMax) {
                return step;
            }
        }
        return 86_400_000 * Math.ceil(quarterOfMax / 86_400_000);
    }

    /** 1, 2 or 5 times a power of ten, at least the maximum: round numbers on the axis. */
    static double niceCeiling(double max) {
        if (max <= 0) {
            return 4;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
