using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using InterviewPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Features.Reports;

public enum ReportFormat
{
    Csv,
    Xlsx,
}

public sealed record ReportFile(byte[] Content, string ContentType, string FileName);

/// <summary>
/// A report as a file: XLSX with one sheet per table (numbers as numbers), or CSV with the tables one after another,
/// each under its title. Both carry exactly the rows the page shows.
/// </summary>
public static class ReportExport
{
    public static ReportFile Write(ReportResult report, ReportFormat format, IStringLocalizer<Strings> l)
    {
        var name = $"{report.Kind.ToString().ToLowerInvariant()}-{report.Scope.From:yyyyMMdd}-{report.Scope.To:yyyyMMdd}";
        return format == ReportFormat.Xlsx
            ? new ReportFile(Xlsx(report, l), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx")
            : new ReportFile(Csv(report, l), "text/csv; charset=utf-8", name + ".csv");
    }

    private static string Header(ReportColumn c) => c.Format == ValueFormat.Percent ? $"{c.Header} (%)" : c.Header;

    private static byte[] Xlsx(ReportResult report, IStringLocalizer<Strings> l)
    {
        using var book = new XLWorkbook();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in report.Tables)
        {
            var sheet = book.Worksheets.Add(SheetName(table, used));
            sheet.Cell(1, 1).Value = table.Title;
            sheet.Cell(1, 1).Style.Font.Bold = true;
            sheet.Cell(2, 1).Value = l["ReportExportRange", report.Scope.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.Scope.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)].Value;
            const int headerRow = 4;
            sheet.Cell(headerRow, 1).Value = table.LabelHeader;
            for (var c = 0; c < table.Columns.Count; c++)
            {
                sheet.Cell(headerRow, c + 2).Value = Header(table.Columns[c]);
            }

            sheet.Row(headerRow).Style.Font.Bold = true;
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                sheet.Cell(headerRow + 1 + r, 1).Value = row.Label;
                for (var c = 0; c < row.Values.Count; c++)
                {
                    if (row.Values[c] is { } v)
                    {
                        var cell = sheet.Cell(headerRow + 1 + r, c + 2);
                        cell.Value = v;
                        cell.Style.NumberFormat.Format = table.Columns[c].Format == ValueFormat.Count ? "0" : "0.0";
                    }
                }
            }

            // Widths set by hand: measuring text (AdjustToContents) needs System.Drawing's fonts, absent on Linux servers.
            sheet.Column(1).Width = 28;
            for (var c = 0; c < table.Columns.Count; c++)
            {
                sheet.Column(c + 2).Width = 16;
            }
        }

        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>An Excel sheet name: at most 31 characters, none of []:*?/\ and unique in the book.</summary>
    private static string SheetName(ReportTable table, HashSet<string> used)
    {
        var name = new string(table.Title.Where(c => "[]:*?/\\".IndexOf(c) < 0).ToArray());
        name = name.Length > 31 ? name[..31] : name;
        for (var n = 2; !used.Add(name); n++)
        {
            var suffix = $" {n}";
            name = (name.Length + suffix.Length > 31 ? name[..(31 - suffix.Length)] : name) + suffix;
        }

        return name;
    }

    private static byte[] Csv(ReportResult report, IStringLocalizer<Strings> l)
    {
        var o = new StringBuilder();
        void Line(IEnumerable<string> cells) => o.Append(string.Join(',', cells.Select(Quote))).Append("\r\n");
        Line([report.Title, l["ReportExportRange", report.Scope.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.Scope.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]]);
        foreach (var table in report.Tables)
        {
            o.Append("\r\n");
            Line([table.Title]);
            Line([table.LabelHeader, .. table.Columns.Select(Header)]);
            foreach (var row in table.Rows)
            {
                Line([row.Label, .. row.Values.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "")]);
            }
        }

        // With a byte-order mark, so Excel opens the Chinese text as UTF-8.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(o.ToString())];
    }

    /// <summary>RFC 4180 quoting; a cell starting with = + - @ gets a leading apostrophe so a spreadsheet never runs it.</summary>
    internal static string Quote(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0]) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
