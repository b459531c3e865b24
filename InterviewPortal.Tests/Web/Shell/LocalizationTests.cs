using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Tests.Web.Shell;

public sealed partial class LocalizationTests
{
    private static readonly string ResourceDir = Path.Combine(TestPaths.RepositoryRoot, "InterviewPortal.Web", "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(ResourceDir, file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "");

    [Fact]
    public void ChineseAndEnglish_HaveExactlyTheSameKeys_AndNoEmptyValue()
    {
        var zh = Read("Strings.resx");
        var en = Read("Strings.en.resx");

        Assert.Empty(zh.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(zh.Keys));
        Assert.Empty(zh.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key));
        Assert.Empty(en.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key));
    }

    [Fact]
    public void EveryKeyTheCodeUses_ExistsInTheResources()
    {
        var keys = Read("Strings.resx").Keys.ToHashSet();
        var webDir = Path.Combine(TestPaths.RepositoryRoot, "InterviewPortal.Web");
        var domainDir = Path.Combine(TestPaths.RepositoryRoot, "InterviewPortal.Domain");
        var missing = new SortedSet<string>();
        foreach (var file in Directory.EnumerateFiles(webDir, "*.*", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(domainDir, "*.cs", SearchOption.AllDirectories))
                     .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains("Migrations")))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in LocalizerKey().Matches(text))
            {
                if (!keys.Contains(m.Groups[1].Value))
                {
                    missing.Add($"{Path.GetRelativePath(webDir, file)}: {m.Groups[1].Value}");
                }
            }

            // Message keys carried by exceptions and validation attributes.
            foreach (Match m in MessageKey().Matches(text))
            {
                if (!keys.Contains(m.Groups[1].Value))
                {
                    missing.Add($"{Path.GetRelativePath(webDir, file)}: {m.Groups[1].Value}");
                }
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryRoleAndAuditProblem_HasALabel()
    {
        var keys = Read("Strings.resx").Keys.ToHashSet();

        Assert.All(InterviewPortal.Domain.Identity.Roles.All, r => Assert.Contains("Role" + r, keys));
        Assert.All(["AuditProblemContentChanged", "AuditProblemBrokenLink", "AuditProblemMissingEntry", "AuditProblemOutOfOrder"], k => Assert.Contains(k, keys));
    }

    [Fact]
    public void EveryAuditAction_HasALabel()
    {
        var keys = Read("Strings.resx").Keys.ToHashSet();
        var actions = typeof(InterviewPortal.Web.Features.Audit.AuditActions).GetFields()
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        Assert.All(actions, a => Assert.Contains("AuditAction_" + a.Replace('.', '_'), keys));
    }

    [Theory]
    [InlineData(typeof(InterviewPortal.Domain.Recruiting.PipelineStage))]
    [InlineData(typeof(InterviewPortal.Domain.Recruiting.CandidateSource))]
    [InlineData(typeof(InterviewPortal.Domain.Recruiting.AgencyStatus))]
    [InlineData(typeof(InterviewPortal.Domain.Interviews.InterviewRound))]
    [InlineData(typeof(InterviewPortal.Domain.Interviews.InterviewStatus))]
    [InlineData(typeof(InterviewPortal.Domain.Interviews.InterviewChangeKind))]
    public void EveryValueOfTheEnumsShownToUsers_HasALabel(Type enumType)
    {
        var keys = Read("Strings.resx").Keys.ToHashSet();

        Assert.All(Enum.GetNames(enumType), name => Assert.Contains($"{enumType.Name}_{name}", keys));
    }

    [Fact]
    public void MudBlazorTexts_AreTranslated()
    {
        var keys = Read("Strings.resx").Keys.ToHashSet();
        string[] used = ["MudTablePager_NextPage", "MudTablePager_PreviousPage", "MudTablePager_FirstPage", "MudTablePager_LastPage", "MudDialog_Close", "MudInput_Clear", "MudBaseDatePicker_Open", "MudAlert_Close", "MudSnackbar_Close", "MudNavGroup_ToggleExpand"];

        Assert.All(used, k => Assert.Contains(k, keys));
    }

    [Theory]
    [InlineData("zh-CN", "工作台")]
    [InlineData("en-US", "Dashboard")]
    public void Localizer_ServesTheRequestedLanguage(string culture, string expected)
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        var localizer = new StringLocalizer<Strings>(factory);
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            var value = localizer["NavDashboard"];
            Assert.False(value.ResourceNotFound);
            Assert.Equal(expected, value.Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [GeneratedRegex("""\b[lL]\["([A-Za-z0-9_]+)"[\],]""")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex(""""(?:new DomainException\(|ErrorMessage = |RedirectToWithStatus\([^,]+, |RedirectToCurrentPageWithStatus\()"([A-Za-z0-9_]+)"""")]
    private static partial Regex MessageKey();
}
