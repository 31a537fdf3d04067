using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace BugSage.Server.Tests.Architecture;

/// <summary>
/// What compiled code calls, read from its IL: a method's calls include those of the state machine
/// an <c>async</c> method compiles to, and of the lambdas and local functions declared in it, since
/// that is where their bodies live. Source text cannot be trusted for this: a call can hide behind
/// any variable name, alias or line break.
/// </summary>
public static class IlCalls
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every method and constructor a type declares, its nested types' included (closures, state machines, local functions).</summary>
    public static IEnumerable<MethodBase> BodiesOf(Type type) =>
        type.GetMethods(Everything).Cast<MethodBase>()
            .Concat(type.GetConstructors(Everything))
            .Concat(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(BodiesOf));

    /// <summary>The methods and constructors one body calls or names directly (expression trees name them by token).</summary>
    public static IEnumerable<MethodBase> CalledBy(MethodBase body)
    {
        var il = SafeIl(body);
        if (il is null) return [];
        var called = new List<MethodBase>();
        var genericTypeArgs = body.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var genericMethodArgs = body.IsGenericMethod ? body.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            OpCode op;
            if (il[at] == 0xFE) { op = OpCodesByValue[unchecked((short)(0xFE00 | il[at + 1]))]; at += 2; }
            else { op = OpCodesByValue[il[at]]; at += 1; }
            // A call, or a method's token: a query's expression tree names the members it reads (a property's getter) with ldtoken.
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, at);
                try
                {
                    if (body.Module.ResolveMember(token, genericTypeArgs, genericMethodArgs) is MethodBase method) called.Add(method);
                }
                catch (ArgumentException)
                {
                    // A token into a generic context this reader cannot rebuild: not one of the calls looked for.
                }
            }
            at += OperandSize(op, il, at);
        }
        return called;
    }

    /// <summary>
    /// What a method calls once its compiled helpers are followed: for an <c>async</c> method or an
    /// iterator, its state machine; for every body, the lambdas and local functions it declares.
    /// </summary>
    public static IEnumerable<MethodBase> CalledFrom(MethodInfo method)
    {
        var bodies = new List<MethodBase> { method };
        if (method.GetCustomAttribute<StateMachineAttribute>() is { } machine) bodies.AddRange(BodiesOf(machine.StateMachineType));
        var seen = new HashSet<MethodBase>();
        var result = new List<MethodBase>();
        var queue = new Queue<MethodBase>(bodies);
        while (queue.Count > 0)
        {
            var body = queue.Dequeue();
            if (!seen.Add(body)) continue;
            foreach (var called in CalledBy(body))
            {
                result.Add(called);
                // Compiler-made helpers (lambdas, local functions, their state machines) are part of the body that made them.
                if (called.DeclaringType is { } owner && IsCompilerMade(called, owner) && owner.Assembly == method.Module.Assembly)
                {
                    queue.Enqueue(called);
                    if (called is MethodInfo helper && helper.GetCustomAttribute<StateMachineAttribute>() is { } inner)
                        foreach (var b in BodiesOf(inner.StateMachineType)) queue.Enqueue(b);
                }
            }
        }
        return result;
    }

    private static bool IsCompilerMade(MethodBase called, Type owner) =>
        called.Name.Contains('<', StringComparison.Ordinal) || owner.GetCustomAttribute<CompilerGeneratedAttribute>() is not null;

    private static byte[]? SafeIl(MethodBase body)
    {
        try { return body.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or BadImageFormatException) { return null; }
    }

    private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
