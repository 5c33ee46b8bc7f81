/*
 * The .nn language: the single source of truth for its syntax.
 *
 * Generated into package nnc.syntax.antlr by the antlr4-maven-plugin (compiler module).
 * Whitespace and newlines are insignificant: statements follow each other without
 * separators ("model E { input x: [784]  dense(128, relu) }" is one valid line).
 * The parse tree is turned into the records of nnc.syntax.ast by nnc.syntax.AstBuilder;
 * syntax errors are turned into plain messages by nnc.syntax.FriendlyErrors.
 */
grammar Nn;

// CALL_LPAREN is a '(' that directly follows a name on the same line ("dense(" or "dense ("):
// nnc.syntax.SourceParser retypes LPAREN tokens so. It makes "dense(20 relu)" one (bad) call
// rather than the name "dense" followed by a parenthesised statement, since statements need
// no separator.
tokens { CALL_LPAREN }

@header {
package nnc.syntax.antlr;
}

// ---------------------------------------------------------------- declarations

program
    : decl* EOF
    ;

decl
    : importDecl
    | fnDecl
    | layerDecl
    | modelDecl
    | dataDecl
    | trainDecl
    | intrinsicDecl
    ;

importDecl : IMPORT STRING ;

// fn relu(x) = max(x, 0)
fnDecl     : FN name=ID (CALL_LPAREN | '(') paramList? ')' ('->' result=typeRef)? '=' body=expr ;

// layer dense(x: [..., n], units: int, activation = linear) -> [..., units] { ... }
layerDecl  : LAYER name=ID (CALL_LPAREN | '(') paramList? ')' ('->' result=typeRef)? block ;

// intrinsic layer dense(x: [..., n], units: int, ...) -> [..., units]
// intrinsic fn relu(x)
// A signature only: the compiler implements it (stdlib/*.nn declares the catalogue this way).
intrinsicDecl : INTRINSIC kind=(FN | LAYER) name=ID (CALL_LPAREN | '(') paramList? ')' ('->' result=typeRef)? ;

// model Mlp { input x: [10]  dense(20, relu)  dense(3, softmax) }
modelDecl  : MODEL name=ID block ;

// data IrisData = csv("data/iris.csv") { x = ...  y = ... }
dataDecl   : DATA name=ID '=' source=expr '{' binding* '}' ;

// train Mlp on IrisData { loss = ...  epochs = 100 }
trainDecl  : TRAIN model=ID ON data=ID '{' setting* '}' ;

paramList  : param (',' param)* ','? ;
param      : name=softName (':' typeRef)? ('=' defaultValue=expr)? ;

// A parameter or result type: a shape pattern ([..., n], int[t]) or a scalar type name.
typeRef
    : shapeType
    | typeName
    ;

typeName   : INT | FLOAT | FN | LAYER | MODEL | ID ;

// [28, 28, 1]   int[256]   [..., n]   [n, 4 * units]
shapeType  : dtype=(INT | FLOAT)? '[' (dim (',' dim)*)? ','? ']' ;
dim
    : ELLIPSIS
    | expr
    ;

block      : '{' stmt* '}' ;

// x = expr   or   (x, y) = expr
binding
    : target=softName '=' expr                                   # singleBinding
    | '(' softName (',' softName)* ')' '=' expr                  # tupleBinding
    ;

setting    : softName '=' expr ;

// ---------------------------------------------------------------- statements

stmt
    : INPUT name=ID ':' shapeType                                # inputStmt
    | LET name=ID '=' expr                                       # letStmt
    | OUTPUT expr (',' expr)*                                    # outputStmt
    | PARAM name=ID ':' shapeType
          ('=' init=expr (',' namedArg)*)? (IF cond=expr)?       # paramStmt
    | expr                                                       # exprStmt
    ;

// ---------------------------------------------------------------- expressions
// Alternatives are listed from the tightest-binding to the loosest.

expr
    : expr AS name=ID                                            # asExpr
    | '-' expr                                                   # negExpr
    | expr op=('*' | '/' | '@') expr                             # mulExpr
    | expr op=('+' | '-') expr                                   # addExpr
    | expr '|>' expr                                             # pipeExpr
    | primary                                                    # primaryExpr
    ;

primary
    : callee=ID CALL_LPAREN argList? ')'                         # callExpr
    | (ID | LAYER | DATA)                                        # nameExpr
    | NUMBER                                                     # numberExpr
    | STRING                                                     # stringExpr
    | (TRUE | FALSE)                                             # boolExpr
    | dtype=(INT | FLOAT) '[' (dim (',' dim)*)? ','? ']'         # typedShapeExpr
    | '[' (expr (',' expr)* ','?)? ']'                           # listExpr
    | '(' expr ')'                                               # parenExpr
    ;

argList    : arg (',' arg)* ','? ;
arg
    : namedArg                                                   # named
    | expr                                                       # positional
    ;
namedArg   : softName '=' expr ;

// 'layer' and 'data' are also plain names in expressions: a layer may take a parameter
// called layer (as Keras' bidirectional does).
// Names of named arguments, settings and data bindings may be keywords where that is
// unambiguous, e.g. bidirectional(layer = lstm(64)).
softName
    : ID | IMPORT | FN | LAYER | MODEL | DATA | TRAIN | ON | INPUT | LET | OUTPUT
    | PARAM | IF | AS | INT | FLOAT | INTRINSIC
    ;

// ---------------------------------------------------------------- lexical rules

IMPORT : 'import' ;
INTRINSIC : 'intrinsic' ;
FN     : 'fn' ;
LAYER  : 'layer' ;
MODEL  : 'model' ;
DATA   : 'data' ;
TRAIN  : 'train' ;
ON     : 'on' ;
INPUT  : 'input' ;
LET    : 'let' ;
OUTPUT : 'output' ;
PARAM  : 'param' ;
IF     : 'if' ;
AS     : 'as' ;
INT    : 'int' ;
FLOAT  : 'float' ;
TRUE   : 'true' ;
FALSE  : 'false' ;

LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACK   : '[' ;
RBRACK   : ']' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;
COLON    : ':' ;
ASSIGN   : '=' ;
PIPE     : '|>' ;
ARROW    : '->' ;
ELLIPSIS : '...' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
AT       : '@' ;

ID     : [A-Za-z_] [A-Za-z0-9_]* ;

NUMBER
    : DIGITS ('.' DIGITS)? EXPONENT?
    ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

STRING : '"' (~["\\\r\n] | '\\' ["\\nt])* '"' ;

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS            : [ \t\r\n\f]+ -> channel(HIDDEN) ;

// Error tokens: the lexer never fails; nnc.syntax.SourceParser turns these into
// diagnostics (bad character, unterminated string or comment, bad escape).
UNTERMINATED_STRING  : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;
BAD_ESCAPE_STRING    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* ;
ERROR_CHAR           : . ;
