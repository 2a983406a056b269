// Every public name of both entries, and every member of their classes and interfaces, has a doc comment: editors show
// it on hover, and the published .d.ts is the reference (issue 21). Read from dist/*.d.ts, as users get them.
import {resolve} from 'node:path';
import ts from 'typescript';
import {expect, test} from 'vitest';
import {requireDist, root} from '../runtimes/support.js';

function undocumented(entries: string[]): string[] {
	const program = ts.createProgram(entries, {});
	const checker = program.getTypeChecker();
	const missing: string[] = [];
	const documented = (symbol: ts.Symbol) =>
		ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '';
	for (const entry of entries) {
		const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
		for (const exported of checker.getExportsOfModule(module)) {
			const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
			if (!documented(symbol)) missing.push(exported.name);
			for (const declaration of symbol.declarations ?? []) {
				if (!ts.isInterfaceDeclaration(declaration) && !ts.isClassDeclaration(declaration)) continue;
				for (const member of declaration.members) {
					if (!member.name || ts.isPrivateIdentifier(member.name)) continue;
					const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined;
					if (modifiers?.some(modifier => modifier.kind === ts.SyntaxKind.PrivateKeyword)) continue;
					const memberSymbol = checker.getSymbolAtLocation(member.name);
					if (memberSymbol && !documented(memberSymbol)) missing.push(`${exported.name}.${memberSymbol.name}`);
				}
			}
		}
	}

	return [...new Set(missing)];
}

test('every public name and member of cablyai and cablyai/server is documented', () => {
	requireDist('index.d.ts', 'server.d.ts');
	expect(undocumented([resolve(root, 'dist/index.d.ts'), resolve(root, 'dist/server.d.ts')])).toEqual([]);
});
