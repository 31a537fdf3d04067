using BugSage.Core.Autofix.Candidates;

namespace BugSage.Core.Tests.Autofix;

/// <summary>The repository files a crash's file imports, found in the repository's own file list.</summary>
public sealed class ModuleImportsTests
{
    [Fact]
    public void JavaScript_relative_requires_and_imports_resolve_as_Node_resolves_them()
    {
        string[] files = ["bin-day.js", "lib/streets.js", "lib/lookup/index.js", "lib/rounds.mjs", "shared/util.js", "lib/logo.png", "lib/styles.css"];
        const string source = """
            const fs = require('node:fs');
            const { parseStreets } = require('./lib/streets');
            const { binDay } = require("./lib/lookup");
            import { next } from './lib/rounds.mjs';
            const outside = require('../../etc/passwd');
            const pkg = require('lodash');
            import logo from './lib/logo.png';
            import './lib/styles.css';
            """;

        ModuleImports.Of("javascript", "bin-day.js", source, files).ShouldBe(["lib/streets.js", "lib/lookup/index.js", "lib/rounds.mjs"]);
        ModuleImports.Of("javascript", "lib/lookup/index.js", "const u = require('../../shared/util');", files).ShouldBe(["shared/util.js"]);
    }

    [Fact]
    public void Python_imports_resolve_from_the_root_the_importing_folder_and_relative_dots()
    {
        string[] files = ["print_board.py", "golf/__init__.py", "golf/leaderboard.py", "golf/cards.py", "golf/scoring/__init__.py"];
        const string source = """
            import sys
            from golf.leaderboard import leader
            import golf.cards, json
            from golf import scoring
            """;

        ModuleImports.Of("python", "print_board.py", source, files).ShouldBe(["golf/leaderboard.py", "golf/cards.py", "golf/__init__.py", "golf/scoring/__init__.py"]);
        ModuleImports.Of("python", "golf/leaderboard.py", "from . import cards\nfrom golf import *\n", files).ShouldBe(["golf/cards.py", "golf/__init__.py"]);
        ModuleImports.Of("python", "golf/leaderboard.py", "from .cards import HEATHFIELD\nfrom .scoring import par\n", files).ShouldBe(["golf/cards.py", "golf/scoring/__init__.py"]);
        ModuleImports.Of("python", "golf/leaderboard.py", "from cards import HEATHFIELD\n", files).ShouldBe(["golf/cards.py"]);
    }

    [Fact]
    public void CSharp_types_the_source_names_are_read_from_their_files_of_that_name()
    {
        string[] files = ["App/Program.cs", "Greenhouse/SensorLog.cs", "Greenhouse/Reading.cs", "Greenhouse.Tests/SensorLogTests.cs", "Other/Reading.cs", "Greenhouse/README.md"];
        const string source = """
            using Greenhouse;

            // Reads the log with SensorLog and prints each Reading.
            var log = SensorLog.Load(args[0]);
            Console.WriteLine(log.Count);
            """;

        ModuleImports.Of("dotnet", "App/Program.cs", source, files).ShouldBe(["Greenhouse/SensorLog.cs", "Greenhouse/Reading.cs"]);
        // A name two files share is read from the one nearest the source.
        ModuleImports.Of("dotnet", "Other/Use.cs", "Reading r;", files).ShouldBe(["Other/Reading.cs"]);
        // A namespace that names no file, and the file itself, are not read.
        ModuleImports.Of("dotnet", "Greenhouse/SensorLog.cs", "namespace Greenhouse; class SensorLog {}", files).ShouldBeEmpty();
    }
}
