package io.medsum.bench.spike;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** spike.png: reports done over time, async vs synchronous, with the quota's line. */
final class SpikeChart {
    /** A curve: (seconds since the burst, reports) points in time order. */
    record Curve(String label, List<double[]> points) {}

    private SpikeChart() {}

    static void write(
            Path png,
            String title,
            String subtitle,
            Curve async,
            Curve syncDone,
            Curve syncErrors,
            double quotaPerSecond,
            int reports,
            double endSeconds)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series(async));
        data.addSeries(series(syncDone));
        data.addSeries(series(syncErrors));
        XYSeries quota =
                new XYSeries(String.format(Locale.ROOT, "model quota (%.0f requests/min)", quotaPerSecond * 60), false);
        double quotaEnd = Math.min(endSeconds, reports / quotaPerSecond);
        quota.add(0, 0);
        quota.add(quotaEnd, quotaEnd * quotaPerSecond);
        data.addSeries(quota);
        XYSeries all = new XYSeries(reports + " reports sent", false);
        all.add(0, reports);
        all.add(endSeconds, reports);
        data.addSeries(all);

        NumberAxis x = new NumberAxis("seconds since the burst");
        x.setRange(0, endSeconds);
        NumberAxis y = new NumberAxis("reports");
        y.setRange(0, reports * 1.08);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        style(renderer, 0, new Color(0x1f, 0x77, 0xb4), new BasicStroke(3f));
        style(renderer, 1, new Color(0xd6, 0x27, 0x28), new BasicStroke(3f));
        style(
                renderer,
                2,
                new Color(0xd6, 0x27, 0x28),
                new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
        style(
                renderer,
                3,
                new Color(0x55, 0x55, 0x55),
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 4f}, 0f));
        style(renderer, 4, new Color(0xaa, 0xaa, 0xaa), new BasicStroke(1f));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.addSubtitle(new TextTitle(subtitle, new Font("SansSerif", Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        Path folder = png.getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 560);
    }

    private static XYSeries series(Curve curve) {
        XYSeries series = new XYSeries(curve.label(), false);
        curve.points().forEach(p -> series.add(p[0], p[1]));
        return series;
    }

    private static void style(XYLineAndShapeRenderer renderer, int index, Color color, BasicStroke stroke) {
        renderer.setSeriesPaint(index, color);
        renderer.setSeriesStroke(index, stroke);
    }
}
