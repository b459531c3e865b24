using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace InterviewPortal.Web.Data;

/// <summary>
/// An entity's table as SQL written from the EF model names it (<see cref="BulkInsert"/>, the join's statements, the
/// audit chain's head): the provider's quoting of the table and of each property's column. Its parameters come from
/// <see cref="ModelParameters"/>.
/// </summary>
internal readonly record struct ModelTable(IEntityType Entity, StoreObjectIdentifier Store, ISqlGenerationHelper Sql)
{
    public static ModelTable For<T>(AppDbContext db) => For(db, typeof(T));

    public static ModelTable For(AppDbContext db, Type type)
    {
        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not an entity type.");
        return new ModelTable(entity, StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()), db.GetService<ISqlGenerationHelper>());
    }

    /// <summary>The table's name, quoted (with its schema, if any).</summary>
    public string Name => Sql.DelimitIdentifier(Store.Name, Store.Schema);

    public IProperty Property(string name) => Entity.FindProperty(name) ?? throw new InvalidOperationException($"{Entity.DisplayName()} has no property {name}.");

    /// <summary>The property's column, quoted.</summary>
    public string Column(string property) => Column(Property(property));

    public string Column(IProperty property) => Sql.DelimitIdentifier(property.GetColumnName(Store)!);
}
