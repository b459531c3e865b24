using InterviewPortal.Domain;
using InterviewPortal.Domain.Permission;

namespace InterviewPortal.Tests.Domain.Permission;

public sealed class IcpNumberTests
{
    [Theory]
    [InlineData("京ICP备12345678号")]
    [InlineData("沪ICP备2021012345号-1")]
    [InlineData("粤ICP备05012345号")]
    [InlineData("蜀ICP备1234567号-12")]
    [InlineData(" 浙icp备12345678号 ")]
    public void WellFormedNumbers_WithAProvincePrefix_AreAccepted(string number) =>
        Assert.True(IcpNumber.IsValid(number));

    [Theory]
    [InlineData("ICP备12345678号", "IcpNumberFormat")]
    [InlineData("京ICP12345678号", "IcpNumberFormat")]
    [InlineData("京ICP备12345678", "IcpNumberFormat")]
    [InlineData("京ICP备XXXXXXXX号", "IcpNumberFormat")]
    [InlineData("京ICP证12345678号", "IcpNumberFormat")]
    [InlineData("中ICP备12345678号", "IcpNumberProvince")]
    [InlineData("川ICP备12345678号", "IcpNumberProvince")] // Sichuan files as 蜀
    [InlineData("", "IcpNumberRequired")]
    public void MalformedNumbers_AreRefused_NamingTheRule(string number, string rule) =>
        Assert.Equal(rule, Assert.Throws<DomainException>(() => IcpNumber.Normalize(number)).MessageKey);

    [Fact]
    public void TheNormalizedForm_IsTrimmedWithUpperCaseIcp() =>
        Assert.Equal("浙ICP备12345678号", IcpNumber.Normalize(" 浙icp备12345678号 "));
}
