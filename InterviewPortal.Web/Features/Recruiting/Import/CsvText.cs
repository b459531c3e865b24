using System.Text;

namespace InterviewPortal.Web.Features.Recruiting.Import;

/// <summary>One CSV record: its fields, and whether its quoting was broken (then the fields are a best guess).</summary>
public sealed record CsvRecord(string[] Fields, bool Malformed);

/// <summary>
/// Reading and writing the CSV files people exchange with Excel: RFC 4180 quoting (fields with commas, quotes and line
/// breaks), CRLF, LF or CR line ends, and the encodings Excel writes.
/// </summary>
public static class CsvText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Encoding Gb18030 = LoadGb18030();

    /// <summary>
    /// Text of a file: a byte-order mark (UTF-8, UTF-16) decides; otherwise UTF-8 when the bytes are valid UTF-8, else
    /// GB18030, a superset of GBK and GB2312, which is what Chinese Excel's "CSV (逗号分隔)" writes. Chinese text in GBK is
    /// practically never valid UTF-8, and ASCII is the same in both, so the guess is safe.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030.GetString(bytes);
        }
    }

    /// <summary>
    /// The records of <paramref name="text"/>, one per row as Excel shows them (a quoted line break stays inside its
    /// field). A quote inside an unquoted field is kept as text, as Excel does; an unterminated quote or text after a
    /// closing quote marks the record as malformed.
    /// </summary>
    public static IEnumerable<CsvRecord> Parse(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var malformed = false;
        var i = 0;
        var n = text.Length;
        while (i < n)
        {
            if (text[i] == '"')
            {
                i++;
                var closed = false;
                while (i < n)
                {
                    var c = text[i++];
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (i < n && text[i] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        closed = true;
                        break;
                    }
                }

                malformed |= !closed;
                while (i < n && !IsFieldEnd(text[i]))
                {
                    field.Append(text[i++]);
                    malformed = true;
                }
            }
            else
            {
                while (i < n && !IsFieldEnd(text[i]))
                {
                    field.Append(text[i++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (i < n && text[i] == ',')
            {
                i++;
                if (i == n)
                {
                    fields.Add(""); // "a,b," ends with an empty field
                }

                continue;
            }

            yield return new CsvRecord([.. fields], malformed);
            fields.Clear();
            malformed = false;
            if (i < n)
            {
                i += text[i] == '\r' && i + 1 < n && text[i + 1] == '\n' ? 2 : 1;
            }
        }

        if (fields.Count > 0)
        {
            yield return new CsvRecord([.. fields], malformed);
        }
    }

    /// <summary>One line of a CSV file, fields quoted where RFC 4180 requires it, ending in CRLF (what Excel writes).</summary>
    public static string Line(IEnumerable<string> fields) =>
        string.Join(",", fields.Select(f => f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{f.Replace("\"", "\"\"")}\"" : f)) + "\r\n";

    private static bool IsFieldEnd(char c) => c is ',' or '\r' or '\n';

    private static Encoding LoadGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }
}
