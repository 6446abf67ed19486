// Lexer of the berth language.
// Strings are lexed in their own mode so that "${ expr }" interpolations can hold any
// expression, including nested strings and maps: '{' pushes the default mode and '}' pops it,
// so the '}' that closes an interpolation returns to the string mode.
lexer grammar BerthLexer;

@lexer::members {
  // A stray '}' must not pop an empty mode stack (the runtime would throw): the parser reports
  // the unbalanced brace instead.
  size_t popMode() override {
    if (modeStack.empty()) return DEFAULT_MODE;
    return antlr4::Lexer::popMode();
  }
}

LINE_COMMENT  : ('#' | '//') ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN);
// U+FEFF: a byte order mark some editors write at the start of a file.
WS            : [ \t\r\n\uFEFF]+ -> skip;

// Numbers with a unit suffix are single tokens: 30s, 512MiB, 70%, 0.25vcpu.
UNIT_NUMBER : DIGITS ('.' DIGITS)? UNIT;
NUMBER      : DIGITS ('.' DIGITS)? ([eE] [+-]? DIGITS)?;
fragment DIGITS : [0-9] ('_'? [0-9])*;
fragment UNIT   : 'ms' | 's' | 'm' | 'h' | 'd' | 'KiB' | 'MiB' | 'GiB' | 'TiB' | '%' | 'vcpu';

KW_TRUE  : 'true';
KW_FALSE : 'false';
KW_NULL  : 'null';
FOR    : 'for';
IN     : 'in';
IF     : 'if';
THEN   : 'then';
ELSE   : 'else';
LET    : 'let';
IMPORT : 'import';
AS     : 'as';

IDENT : [a-zA-Z_] [a-zA-Z0-9_]*;

LBRACE   : '{' -> pushMode(DEFAULT_MODE);
RBRACE   : '}' -> popMode;
LBRACKET : '[';
RBRACKET : ']';
LPAREN   : '(';
RPAREN   : ')';
COMMA    : ',';
DOT      : '.';
FAT_ARROW: '=>';
EQ       : '==';
NEQ      : '!=';
LE       : '<=';
GE       : '>=';
LT       : '<';
GT       : '>';
AND      : '&&';
OR       : '||';
NOT      : '!';
ASSIGN   : '=';
COLON    : ':';
QUESTION : '?';
PLUS     : '+';
MINUS    : '-';
STAR     : '*';
SLASH    : '/';
SEMI     : ';';

OPEN_QUOTE : '"' -> pushMode(STRING_MODE);

// A `/*` never closed: one token to the end of the file, so the parser is not fed the comment's
// text as code; the parse phase reports it.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF;

// Anything else is one bad character; the parse phase reports it and hides it from the parser.
ERROR_CHAR : .;

mode STRING_MODE;
// A lone '\\' can only be followed by a line end or the end of the file (anything else makes a
// longer escape): it keeps the lexer total, and the unterminated string is reported.
STRING_TEXT  : (~["\\$\r\n] | '\\' ~[\r\n] | '$' ~["{\\\r\n])+ | '$' | '\\';
INTERP_OPEN  : '${' -> pushMode(DEFAULT_MODE);
CLOSE_QUOTE  : '"' -> popMode;
// A newline inside a string: the string was not closed on its line.
STRING_NEWLINE : [\r\n] -> popMode;
