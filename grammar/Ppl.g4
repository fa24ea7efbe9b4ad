// The .ppl language. docs/language.md is the reference that explains each rule.
// Statements need no terminator: a statement ends where the next one begins
// (an optional ';' may separate statements written on one line).
grammar Ppl;

program
  : topItem* EOF
  ;

topItem
  : dataBlock
  | modelBlock
  | guideBlock
  | functionDef
  ;

dataBlock
  : DATA '{' dataDecl* '}'
  ;

// n: int      y: real[N]?      X: real[N, D]
dataDecl
  : name ':' elementType=name ('[' dims+=expr (',' dims+=expr)* ']')? optional='?'?
  ;

modelBlock
  : MODEL block
  ;

guideBlock
  : GUIDE block
  ;

functionDef
  : FN name '(' (params+=name (',' params+=name)*)? ')' block
  ;

block
  : '{' statement* '}'
  ;

statement
  : LET name '=' expr                                            # letStatement
  | siteTarget '~' distribution=expr (OBS observed=expr)?         # sampleStatement
  | FACTOR name '=' expr                                         # factorStatement
  | DETERMINISTIC name '=' expr                                  # deterministicStatement
  | PARAM name (':' constraint=expr)? '=' init=expr              # paramStatement
  | PLATE name IN size=expr (SUBSAMPLE subsampleSize=expr AS index=name)? block # plateStatement
  | SCAN index=name IN range carryClause? overClause? block      # scanStatement
  | FOR index=name IN range block                                # forStatement
  | MASK '(' expr ')' block                                      # maskStatement
  | SCALE '(' expr ')' block                                     # scaleStatement
  | ifElse                                                       # ifStatement
  | RETURN expr                                                  # returnStatement
  | name '=' expr                                                # assignStatement
  | ';'                                                          # emptyStatement
  ;

// y ~ ...      y[t] ~ ...  (site "y", observed at y[t] when y is data)
siteTarget
  : name ('[' indices+=expr (',' indices+=expr)* ']')?
  ;

range
  : low=expr ':' high=expr
  ;

carryClause
  : CARRY '(' binding (',' binding)* ')'
  ;

overClause
  : OVER '(' binding (',' binding)* ')'
  ;

binding
  : name '=' expr
  ;

ifElse
  : IF condition=expr thenBlock=block (ELSE (elseBlock=block | elseIf=ifElse))?
  ;

// Precedence from tightest to loosest, as in Python/NumPy except that '^' is the power.
expr
  : expr '.' name '(' arguments? ')'                         # methodCall
  | expr '[' indexItem (',' indexItem)* ']'                  # indexing
  | <assoc=right> expr op='^' expr                           # power
  | op=('-' | '+') expr                                      # unary
  | expr op=('*' | '/' | '%' | '@') expr                     # multiplicative
  | expr op=('+' | '-') expr                                 # additive
  | expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') expr     # comparison
  | NOT expr                                                 # logicalNot
  | expr AND expr                                            # logicalAnd
  | expr OR expr                                             # logicalOr
  | name '(' arguments? ')'                                  # call
  | '[' (elements+=expr (',' elements+=expr)*)? ','? ']'     # arrayLiteral
  | '(' expr ')'                                             # parenthesized
  | FLOAT                                                    # floatLiteral
  | INTEGER                                                  # integerLiteral
  | (TRUE | FALSE)                                           # booleanLiteral
  | STRING                                                   # stringLiteral
  | name                                                     # variable
  ;

arguments
  : argument (',' argument)*
  ;

argument
  : (name '=')? expr
  ;

// NumPy's: x[i], x[a:b:step], x[None] (a new axis), x[...] (every axis
// not otherwise indexed), x[ints] and x[mask].
indexItem
  : low=expr? ':' high=expr? (':' step=expr?)?               # sliceIndex
  | '...'                                                    # ellipsisIndex
  | NONE                                                     # newAxisIndex
  | expr                                                     # singleIndex
  ;

// 'mask' and 'scale' are statements but also common argument and method
// names (Normal(loc=0, scale=1), d.mask(c)), so they double as names.
name
  : IDENTIFIER
  | MASK
  | SCALE
  ;

DATA          : 'data';
MODEL         : 'model';
GUIDE         : 'guide';
FN            : 'fn';
LET           : 'let';
OBS           : 'obs';
FACTOR        : 'factor';
DETERMINISTIC : 'deterministic';
PARAM         : 'param';
PLATE         : 'plate';
IN            : 'in';
SUBSAMPLE     : 'subsample';
AS            : 'as';
SCAN          : 'scan';
CARRY         : 'carry';
OVER          : 'over';
FOR           : 'for';
MASK          : 'mask';
SCALE         : 'scale';
IF            : 'if';
ELSE          : 'else';
RETURN        : 'return';
AND           : 'and';
OR            : 'or';
NOT           : 'not';
TRUE          : 'true';
FALSE         : 'false';
NONE          : 'None';

FLOAT
  : DIGIT+ '.' DIGIT* EXPONENT?
  | '.' DIGIT+ EXPONENT?
  | DIGIT+ EXPONENT
  ;
INTEGER       : DIGIT+;
// Only einsum's subscripts are strings; no escapes.
STRING        : '"' ~["\r\n]* '"' | '\'' ~['\r\n]* '\'';
UNTERMINATED_STRING : ('"' ~["\r\n]* | '\'' ~['\r\n]*);
IDENTIFIER    : [a-zA-Z_] [a-zA-Z_0-9]*;

fragment DIGIT    : [0-9];
fragment EXPONENT : [eE] [+-]? DIGIT+;

COMMENT       : '#' ~[\r\n]* -> skip;
WHITESPACE    : [ \t\r\n]+ -> skip;
// Any other character reaches the parser, which reports it with its location.
UNEXPECTED_CHARACTER : .;
