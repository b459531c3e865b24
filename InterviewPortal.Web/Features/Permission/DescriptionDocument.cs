using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace InterviewPortal.Web.Features.Permission;

public enum DescriptionBlockKind
{
    Title,
    Heading,
    Bullet,
    Numbered,
    Paragraph,
}

public sealed record DescriptionBlock(DescriptionBlockKind Kind, string Text);

/// <summary>
/// The business description's small Markdown subset (# title, ## headings, "- " and "1. " items, paragraphs), read once
/// and used by both the live preview and the Word export, so the two always agree.
/// </summary>
public static class DescriptionDocument
{
    public static IReadOnlyList<DescriptionBlock> Parse(string? markdown)
    {
        var blocks = new List<DescriptionBlock>();
        foreach (var raw in (markdown ?? "").Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal) || line.StartsWith("### ", StringComparison.Ordinal))
            {
                blocks.Add(new(DescriptionBlockKind.Heading, line.TrimStart('#').Trim()));
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                blocks.Add(new(DescriptionBlockKind.Title, line[2..].Trim()));
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal))
            {
                blocks.Add(new(DescriptionBlockKind.Bullet, line[2..].Trim()));
            }
            else if (NumberedText(line) is { } item)
            {
                blocks.Add(new(DescriptionBlockKind.Numbered, item));
            }
            else
            {
                blocks.Add(new(DescriptionBlockKind.Paragraph, line));
            }
        }

        return blocks;
    }

    /// <summary>A Word document (.docx) of the description: title and headings in Word's heading styles, items as paragraphs.</summary>
    public static byte[] ToWord(string? markdown)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                HeadingStyle("Title", "Title", 36),
                HeadingStyle("Heading1", "heading 1", 28),
                new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", EastAsia = "Microsoft YaHei" },
                    new FontSize { Val = "22" }))));
            var body = new Body();
            var number = 0;
            foreach (var block in Parse(markdown))
            {
                number = block.Kind == DescriptionBlockKind.Numbered ? number + 1 : 0;
                body.Append(block.Kind switch
                {
                    DescriptionBlockKind.Title => Paragraph(block.Text, "Title"),
                    DescriptionBlockKind.Heading => Paragraph(block.Text, "Heading1"),
                    DescriptionBlockKind.Bullet => Paragraph("• " + block.Text, null, indent: true),
                    DescriptionBlockKind.Numbered => Paragraph($"{number}. {block.Text}", null, indent: true),
                    _ => Paragraph(block.Text, null),
                });
            }

            body.Append(new SectionProperties(new PageSize { Width = 11906, Height = 16838 }, new PageMargin { Top = 1440, Bottom = 1440, Left = 1440, Right = 1440 }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Paragraph Paragraph(string text, string? style, bool indent = false)
    {
        var properties = new ParagraphProperties();
        if (style is not null)
        {
            properties.Append(new ParagraphStyleId { Val = style });
        }

        if (indent)
        {
            properties.Append(new Indentation { Left = "420" });
        }

        return new Paragraph(properties, new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static Style HeadingStyle(string id, string name, int halfPoints) =>
        new(new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { Before = "240", After = "120" }),
            new StyleRunProperties(new Bold(), new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        { Type = StyleValues.Paragraph, StyleId = id };

    private static string? NumberedText(string line)
    {
        var dot = line.IndexOf(". ", StringComparison.Ordinal);
        return dot is > 0 and <= 3 && line[..dot].All(char.IsAsciiDigit) ? line[(dot + 2)..].Trim() : null;
    }
}
