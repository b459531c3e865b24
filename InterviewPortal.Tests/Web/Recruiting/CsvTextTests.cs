using System.Text;
using InterviewPortal.Web.Features.Recruiting.Import;

namespace InterviewPortal.Tests.Web.Recruiting;

public sealed class CsvTextTests
{
    [Fact]
    public void QuotedFields_KeepCommasQuotesAndLineBreaks_AndStayOneRecord()
    {
        var text = "姓名,备注\r\n\"欧阳, 娜娜\",\"第一行\r\n第二行，含\"\"引号\"\"\"\r\n王五,\n";

        var records = CsvText.Parse(text).ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal(["欧阳, 娜娜", "第一行\r\n第二行，含\"引号\""], records[1].Fields);
        Assert.Equal(["王五", ""], records[2].Fields);
        Assert.All(records, r => Assert.False(r.Malformed));
    }

    [Theory]
    [InlineData("a,b\nc,d", 2)]
    [InlineData("a,b\r\nc,d\r\n", 2)]
    [InlineData("a,b\rc,d\r", 2)]
    [InlineData("a,b\n\nc,d\n", 3)] // an empty line is an (empty) row, as in Excel
    public void LineEnds_OfEveryKind_SeparateRecords(string text, int count)
    {
        var records = CsvText.Parse(text).ToList();

        Assert.Equal(count, records.Count);
        Assert.Equal(["c", "d"], records[^1].Fields);
    }

    [Theory]
    [InlineData("a,\"unterminated\nb,c")]
    [InlineData("a,\"closed\"then text")]
    public void BrokenQuoting_MarksTheRecordMalformed(string text) =>
        Assert.True(CsvText.Parse(text).First().Malformed);

    [Fact]
    public void AQuoteInsideAnUnquotedField_IsKeptAsText() =>
        Assert.Equal(["5\"10", "x"], CsvText.Parse("5\"10,x").Single().Fields);

    [Fact]
    public void Line_QuotesOnlyWhatNeedsIt_AndReadsBack()
    {
        string[] fields = ["张三", "a,b", "say \"hi\"", "两\n行", ""];

        var line = CsvText.Line(fields);

        Assert.Equal("张三,\"a,b\",\"say \"\"hi\"\"\",\"两\n行\",\r\n", line);
        Assert.Equal(fields, CsvText.Parse(line).Single().Fields);
    }

    [Fact]
    public void Decode_ReadsUtf8WithAndWithoutBom_Gbk_AndUtf16()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string text = "姓名,职位\r\n张三,后端工程师";

        Assert.Equal(text, CsvText.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]));
        Assert.Equal(text, CsvText.Decode(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(text, CsvText.Decode(Encoding.GetEncoding("GBK").GetBytes(text)));
        Assert.Equal(text, CsvText.Decode(Encoding.GetEncoding("GB18030").GetBytes(text)));
        Assert.Equal(text, CsvText.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]));
    }
}
