// Parser of the berth language. Newlines are plain white space: attributes and blocks need no
// separators, so `cpu = 256  memory = 512MiB` on one line reads as two attributes.
parser grammar BerthParser;

options { tokenVocab = BerthLexer; }

file : item* EOF;

// Entry points for --var-file contents (`name = value` lines) and --var values.
varFile  : body EOF;
exprOnly : expr EOF;

item
  : importDecl
  | letDecl
  | block
  | SEMI
  ;

importDecl : IMPORT string (AS IDENT)?;
letDecl    : LET IDENT ASSIGN expr;

// kind "label" { body }   or   kind { body }
block : IDENT string? LBRACE body RBRACE;
// Inside a body, attributes and blocks are told apart by the token after the name. Factoring
// the name out keeps that an LL(1) choice, so a mistake such as `cpu 256` is reported and
// recovered inside the item instead of ending the whole body.
body  : (bodyItem | SEMI)*;
// `name = expr` is an attribute, `name "label"? { body }` a nested block.
bodyItem : IDENT (ASSIGN expr | string? LBRACE body RBRACE);

expr
  : primary                                                   # primaryExpr
  | expr DOT IDENT                                            # getAttrExpr
  | expr LBRACKET expr RBRACKET                               # indexExpr
  | op=(NOT | MINUS) expr                                     # unaryExpr
  | expr op=(STAR | SLASH) expr                               # binaryExpr
  | expr op=(PLUS | MINUS) expr                               # binaryExpr
  | expr op=(LT | LE | GT | GE) expr                          # binaryExpr
  | expr op=(EQ | NEQ) expr                                   # binaryExpr
  | expr op=AND expr                                          # binaryExpr
  | expr op=OR expr                                           # binaryExpr
  | <assoc=right> expr QUESTION expr COLON expr               # conditionalExpr
  | IF expr THEN expr ELSE expr                               # ifExpr
  ;

primary
  : NUMBER                                                    # numberLit
  | UNIT_NUMBER                                               # unitLit
  | KW_TRUE                                                   # trueLit
  | KW_FALSE                                                   # falseLit
  | KW_NULL                                                   # nullLit
  | string                                                    # stringLit
  | IDENT LPAREN (expr (COMMA expr)* COMMA?)? RPAREN          # callExpr
  | IDENT                                                     # identExpr
  | LPAREN expr RPAREN                                        # parenExpr
  | LBRACKET FOR forIntro COLON expr (IF expr)? RBRACKET      # forListExpr
  | LBRACE FOR forIntro COLON expr FAT_ARROW expr (IF expr)? RBRACE  # forMapExpr
  | LBRACKET (expr (COMMA expr)* COMMA?)? RBRACKET            # listExpr
  | LBRACE (mapEntry (COMMA | SEMI)?)* RBRACE                 # mapExpr
  ;

forIntro : IDENT (COMMA IDENT)? IN expr;

mapEntry : mapKey (ASSIGN | COLON) expr;
mapKey   : IDENT | string | LPAREN expr RPAREN;

string : OPEN_QUOTE stringPart* (CLOSE_QUOTE | STRING_NEWLINE);
stringPart
  : STRING_TEXT
  | INTERP_OPEN expr RBRACE
  ;
