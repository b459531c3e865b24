using System.Text;
using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Recruiting.Import;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Components;

public sealed class ImportCandidatesPageTests
{
    [Fact]
    public async Task UploadingAFile_ShowsTheProblemRowsInChinese_AndImportsOnlyOnConfirm()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        await ctx.Services.GetRequiredService<PositionService>().SaveAsync(null, new PositionForm { Title = "测试工程师", Department = "质量部", Location = "北京" });
        var csv = "姓名 Name,手机号 Phone,邮箱 Email,来源 Source,招聘机构 Agency,应聘职位 Positions\r\n"
            + "张伟,13911112222,zhangwei@example.com,直接投递,,测试工程师\r\n"
            + "李娜,139-1111-3333,,内部推荐,,\r\n"
            + "王芳,1234,,,,\r\n"
            + "刘洋,13911114444,,,不存在的机构,测试工程师\r\n";
        var factory = ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

        var page = ctx.Render<ImportCandidatesPage>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(csv), "候选人.csv"));

        page.WaitForAssertion(() => Assert.Equal(["4", "5"], page.FindAll("[data-testid=problem-row]").Select(td => td.TextContent.Trim())));
        Assert.Equal(["手机号", "招聘机构"], page.FindAll("[data-testid=problem-field]").Select(td => td.TextContent.Trim()));
        Assert.Equal(["请输入有效的中国大陆手机号（11 位，以 1 开头）。", "找不到招聘机构“不存在的机构”。"], page.FindAll("[data-testid=problem-message]").Select(td => td.TextContent.Trim()));
        Assert.Contains("共 4 行，有效 2 行，有问题 2 行", page.Find("[data-testid=import-summary]").TextContent);
        Assert.Equal("导入 2 条有效记录", page.Find("[data-testid=import-confirm]").TextContent.Trim());
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal(0, await db.Candidates.CountAsync());
        }

        page.Find("[data-testid=import-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("已导入 2 名候选人", page.Find("[data-testid=import-done]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=import-confirm]"));
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal(["13911112222", "13911113333"], await db.Candidates.OrderBy(c => c.Phone).Select(c => c.Phone).ToListAsync());
        }
    }

    [Fact]
    public async Task Cancel_DiscardsTheReport_AndImportsNothing()
    {
        await using var ctx = PortalBunitContext.Create("en-US", Roles.HR);
        var csv = "Name,Phone\r\nZhang Wei,13911112222\r\n";

        var page = ctx.Render<ImportCandidatesPage>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(csv), "c.csv"));
        page.WaitForAssertion(() => Assert.Equal("Import 1 valid rows", page.Find("[data-testid=import-confirm]").TextContent.Trim()));
        page.Find("[data-testid=import-cancel]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=import-summary]")));
        var factory = ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Candidates.CountAsync());
    }
}
