using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using KmsConfig.Analyzers.Binding;
using KmsConfig.Analyzers.Settings;
using KmsConfig.SecretRules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsConfig.Analyzers.Rules;

/// <summary>
/// KMS1001, KMS1002 and KMS1003: plaintext secrets in settings files. Each configuration read in C# is matched against
/// the secrets of every settings file as it is analysed (KMS1002, live in the IDE); at the end of the compilation each
/// secret is reported on its JSON value as bound (KMS1001) or not bound by any visible code (KMS1003). Values with a
/// well-known credential shape are KMS1004's on the JSON side, but still make the binding that reads them a KMS1002.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PlaintextSecretAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.PlaintextSecretAtBoundKey,
        Descriptors.BindingReadsPlaintextSecret,
        Descriptors.PlaintextSecretInSettings);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var files = SettingsFiles.Load(
            context.Options,
            text => context.TryGetValue(text, SettingsFiles.Documents, out var document) ? document : JsonSettingsReader.Read(text.ToString()),
            context.CancellationToken);
        if (files.IsEmpty)
        {
            return;
        }

        var secrets = SettingsFiles.SecretValues(files);
        if (secrets.Count == 0)
        {
            return;
        }

        var state = new SecretBindings(secrets);
        var parameters = new ParameterBindings(state.HasSegment);
        var types = KnownTypes.Resolve(context.Compilation);
        if (types.IConfiguration is not null)
        {
            context.RegisterSemanticModelAction(c => OnSemanticModel(c, types, state, parameters));
        }

        context.RegisterCompilationEndAction(c => OnCompilationEnd(c, types, state, parameters));
    }

    // The candidate nodes of each tree (one walk shared by the rules, CandidateNodes); the semantic model is asked only
    // about the nodes that may read configuration (see CandidateSyntax for why).
    private static void OnSemanticModel(SemanticModelAnalysisContext context, KnownTypes types, SecretBindings state, ParameterBindings parameters)
    {
        var candidates = CandidateNodes.Of(context.SemanticModel.SyntaxTree, context.CancellationToken);
        var sections = new SectionHolders(candidates);
        foreach (var node in candidates)
        {
            var reads = CandidateSyntax.MayReadConfiguration(node, sections);
            var callsHelper = !reads && node is InvocationExpressionSyntax invocation && CandidateSyntax.MayCallSettingsHelper(invocation);
            var passes = CandidateSyntax.MayPassSection(node, sections);
            if ((!reads && !callsHelper && !passes)
                || !state.MayReach(callsHelper ? CandidateSyntax.HelperKeyLiterals((InvocationExpressionSyntax)node) : CandidateSyntax.KeyLiterals(node)))
            {
                continue;
            }

            if (reads || callsHelper)
            {
                OnCandidate(context, node, types, state, parameters);
            }

            if (passes)
            {
                // Also for a read's name: the project's own Configure(config.GetSection("Smtp")) is a call to follow.
                OnSectionPassed(context, node, types, parameters);
            }
        }
    }

    // services.AddMail(config.GetSection("Smtp")), new MailClient(config.GetRequiredSection("Smtp")): a call of a method
    // or constructor written in source, handing it a known section. What it reads through that parameter is matched at
    // the end of the compilation, when every file has been seen.
    private static void OnSectionPassed(SemanticModelAnalysisContext context, SyntaxNode syntax, KnownTypes types, ParameterBindings parameters)
    {
        var (method, arguments) = context.SemanticModel.GetOperation(syntax, context.CancellationToken) switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
            _ => (null, ImmutableArray<IArgumentOperation>.Empty),
        };
        if (method is null || method.DeclaringSyntaxReferences.IsEmpty)
        {
            return;
        }

        foreach (var argument in arguments)
        {
            // The root needs no placing: a configuration parameter is taken for the root where it is read.
            if (argument.Parameter is { } parameter && types.IsConfiguration(parameter.Type)
                && SectionPaths.TryResolve(argument.Value, types, out var section) && section.Length > 0)
            {
                parameters.AddCall(parameter, section, CallLocation.Of(syntax));
            }
        }
    }

    private static void OnCandidate(SemanticModelAnalysisContext context, SyntaxNode node, KnownTypes types, SecretBindings state, ParameterBindings parameters)
    {
        var operation = context.SemanticModel.GetOperation(node, context.CancellationToken);
        if (operation is not null && BindingFinder.FindThroughParameters(operation, types, state.HasSegment) is { } relative)
        {
            parameters.AddRead(relative.Use, relative.Binding);
        }

        var binding = operation switch
        {
            IInvocationOperation invocation => BindingFinder.Find(invocation, types, state.HasSegment),
            IPropertyReferenceOperation reference => BindingFinder.Find(reference, types, state.HasSegment),
            _ => null,
        };
        if (binding is null)
        {
            return;
        }

        if (binding.ReadsEverything)
        {
            // Reading the whole configuration binds every key, but is no place to report each secret of the app.
            state.BindEverything();
            return;
        }

        Report(binding, state, context.ReportDiagnostic);
    }

    private static void Report(ConfigurationBinding binding, SecretBindings state, Action<Diagnostic> report)
    {
        foreach (var secret in state.Candidates(binding))
        {
            if (!binding.Matches(secret.Segments))
            {
                continue;
            }

            state.Bind(secret);

            // Allowing the JSON finding also silences its echo on the binding; for a plaintext secret that is KMS1001 or
            // the KMS1003 the check verb printed for it (the suppression map treats the two ids as one finding).
            if (secret.IsAllowed(DiagnosticIds.BindingReadsPlaintextSecret)
                || secret.IsAllowed(DiagnosticIds.PlaintextSecretAtBoundKey)
                || (secret.Verdict.Kind == SecretVerdictKind.CredentialShape && secret.IsAllowed(DiagnosticIds.CredentialShapeInSettings)))
            {
                continue;
            }

            // The position of the JSON location itself, as the compiler counts lines (U+2028, U+2029 and U+0085 too, which
            // JSON strings may hold raw), so that the message agrees with the location it carries and with KMS1001.
            var location = secret.File.LocationOf(secret.Value);
            var start = location.GetLineSpan().StartLinePosition;
            var position = (start.Line + 1).ToString(CultureInfo.InvariantCulture) + "," + (start.Character + 1).ToString(CultureInfo.InvariantCulture);
            report(Diagnostic.Create(
                Descriptors.BindingReadsPlaintextSecret,
                binding.Location,
                new[] { location },
                secret.Value.KeyPath,
                secret.File.FileName,
                position));
        }
    }

    private static void OnCompilationEnd(CompilationAnalysisContext context, KnownTypes types, SecretBindings state, ParameterBindings parameters)
    {
        foreach (var call in parameters.Join(context.Compilation, types, context.CancellationToken))
        {
            Report(call, state, context.ReportDiagnostic);
        }

        foreach (var secret in state.Secrets)
        {
            if (secret.Verdict.Kind != SecretVerdictKind.SecretKeyName)
            {
                continue;
            }

            var descriptor = state.IsBound(secret) ? Descriptors.PlaintextSecretAtBoundKey : Descriptors.PlaintextSecretInSettings;
            if (!secret.IsAllowed(descriptor.Id))
            {
                context.ReportDiagnostic(Diagnostic.Create(descriptor, secret.File.LocationOf(secret.Value), secret.Value.KeyPath, secret.File.FileName));
            }
        }
    }
}
