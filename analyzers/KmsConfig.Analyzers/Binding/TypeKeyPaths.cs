using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// The keys the configuration binder reads for a type, relative to the bound section, following the binder's rules:
/// properties with a public getter (any getter when <c>BinderOptions.BindNonPublicProperties</c> is set) including
/// inherited ones, of source and referenced types alike (static ones of source types only), named by
/// <c>[ConfigurationKeyName]</c> or the property name (constructor parameters bind by the same names), nested objects
/// recursively, list and dictionary entries as one <c>*</c> segment. <c>object</c> and <c>IConfigurationSection</c>
/// members take the whole subtree. Only properties whose key is a segment of some settings value's path are followed:
/// a path through any other key cannot match a value, and the full expansion of a type graph whose types are reachable
/// through several properties each (MvcOptions, CookieAuthenticationOptions) runs to hundreds of thousands of paths.
/// </summary>
internal static class TypeKeyPaths
{
    private const int MaxDepth = 10;

    /// <summary>
    /// The keys the binder reads for <paramref name="type"/> through properties whose key <paramref name="isKeySegment"/>
    /// accepts; <paramref name="bindNonPublic"/> is <c>BinderOptions.BindNonPublicProperties</c>.
    /// </summary>
    public static List<KeyPattern> For(ITypeSymbol type, KnownTypes types, bool bindNonPublic, Func<string, bool> isKeySegment)
    {
        var patterns = new List<KeyPattern>();
        Expand(type, new List<string>(), new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), types, bindNonPublic, isKeySegment, patterns, 0);
        return patterns;
    }

    private static void Expand(
        ITypeSymbol type, List<string> prefix, HashSet<ITypeSymbol> visiting, KnownTypes types, bool bindNonPublic, Func<string, bool> isKeySegment,
        List<KeyPattern> patterns, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type.SpecialType == SpecialType.System_Object || types.IsConfigurationSection(type) || type.TypeKind == TypeKind.Dynamic)
        {
            patterns.Add(new KeyPattern(prefix.ToArray(), includesDescendants: true));
            return;
        }

        if (IsScalar(type))
        {
            patterns.Add(new KeyPattern(prefix.ToArray(), includesDescendants: false));
            return;
        }

        if (ElementType(type) is { } element)
        {
            prefix.Add(KeyPattern.AnySegment);
            Expand(element, prefix, visiting, types, bindNonPublic, isKeySegment, patterns, depth + 1);
            prefix.RemoveAt(prefix.Count - 1);
            return;
        }

        if (!visiting.Add(type))
        {
            return;
        }

        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                // As the binder: a property is bound when its getter is public, or has any getter under BindNonPublicProperties.
                // The binder binds static properties too; only those of the project's own types are followed, so that a
                // framework type's statics (Encoding.UTF8, CultureInfo.CurrentCulture) do not add key paths nobody writes.
                if (member is not IPropertySymbol { IsIndexer: false, GetMethod: { } getter } property
                    || (getter.DeclaredAccessibility != Accessibility.Public && !bindNonPublic)
                    || (property.IsStatic && property.DeclaringSyntaxReferences.IsEmpty))
                {
                    continue;
                }

                var key = KeyName(property, types);
                if (!isKeySegment(key))
                {
                    continue;
                }

                prefix.Add(key);
                Expand(property.Type, prefix, visiting, types, bindNonPublic, isKeySegment, patterns, depth + 1);
                prefix.RemoveAt(prefix.Count - 1);
            }
        }

        visiting.Remove(type);
    }

    private static string KeyName(IPropertySymbol property, KnownTypes types)
    {
        foreach (var attribute in property.GetAttributes())
        {
            var isKeyName = types.ConfigurationKeyNameAttribute is not null
                ? SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.ConfigurationKeyNameAttribute)
                : attribute.AttributeClass?.Name == "ConfigurationKeyNameAttribute";
            if (isKeyName && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return property.Name;
    }

    private static bool IsScalar(ITypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
        {
            return true;
        }

        return type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
               && type.Name is "Uri" or "Guid" or "TimeSpan" or "DateTimeOffset" or "DateOnly" or "TimeOnly" or "Version" or "Half" or "Int128" or "UInt128";
    }

    // Arrays, lists, sets and dictionaries bind their entries under one segment (an index or a dictionary key). As in the
    // binder, an interface type binds as a collection when it is enumerable, but a class or struct only when it is an
    // IDictionary<,> or an ICollection<>: a class that is merely enumerable (Confluent.Kafka's ConsumerConfig enumerates
    // its settings) binds its properties.
    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type is not INamedTypeSymbol named)
        {
            return null;
        }

        var isInterface = named.TypeKind == TypeKind.Interface;
        ITypeSymbol? element = null;
        foreach (var candidate in Self(named))
        {
            if (candidate.TypeArguments.Length == 2
                && (candidate.Name == "IDictionary" || (isInterface && candidate.Name == "IReadOnlyDictionary"))
                && IsCollectionsGeneric(candidate.ContainingNamespace))
            {
                return candidate.TypeArguments[1];
            }

            if (element is null && IsElementInterface(candidate.OriginalDefinition, isInterface))
            {
                element = candidate.TypeArguments[0];
            }
        }

        return element;
    }

    private static bool IsElementInterface(INamedTypeSymbol definition, bool enumerableSuffices)
        => definition.SpecialType == SpecialType.System_Collections_Generic_ICollection_T
           || (enumerableSuffices && definition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);

    private static bool IsCollectionsGeneric(INamespaceSymbol? ns)
        => ns is { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static IEnumerable<INamedTypeSymbol> Self(INamedTypeSymbol type)
    {
        yield return type;
        foreach (var candidate in type.AllInterfaces)
        {
            yield return candidate;
        }
    }
}
