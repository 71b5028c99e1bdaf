"""Learning curve: do analysts' judgements teach the goal mapper and the challenge detector?

For each case and each of ``--repeats`` random splits an analyst reviews 0, 5, 10, 20 or 40 % of
meeting A (the gold label becomes a judgement: a confirmation where the tool was right, a
correction where it was wrong). The judgements then teach, and accuracy is measured on

* **rest of A** -- the statements of A nobody reviewed. Since d6926be (2026-12-01 09:45 UTC) the
  pipeline leaves a reviewed meeting's unjudged statements at the model's answer except for the
  pull of near-repeats (tester B13: a review that corrected every error, i.e. judgements that are
  mostly errors, let the guarded vote change right rows nobody had judged). The ``pipeline`` and
  ``forward`` columns below still apply the guarded examples and vote to the rest of A, so their
  rest-of-A gains describe the rule before d6926be; the tool's own gain there is now that of ``pull``
  (0 in every case: random reviews hold no near-repeats). B is unchanged by d6926be.
* **B** -- the next meeting,
* **reworded** -- the reviewed statements written down again at a later meeting, lower-cased,
  without punctuation and without their last word (a stand-in for a recurring remark).

Cases (accuracy over *all* statements; "no goal" is a label like any other):

* ``workshop`` -- A = ``corpora/labelled/goals.csv`` (139 table notes), B =
  ``corpora/labelled/goals_holdout.csv`` (146 other notes), Värmlandsstrategin 2040, area accuracy;
* ``sl-A-nd``, ``sib-B-nd`` -- the SuperLim and SIB-200 cases of ``benchmarks/goals.py`` (a goal
  file of names + descriptions, some topics held out = "no goal"), A and B the two halves;
* ``challenges`` -- ``corpora/labelled/challenges.csv`` (166), A and B the two halves. No external
  challenge-like set exists in /work/shared/eval (SIB-200 topics and SuperLim topics only; the
  SuperLim stance labels are not in the file), so the challenge side is measured on this set alone;
* ``blind2``, ``blind2-challenges`` -- a DEVELOPMENT set since 2026-11-30 23:40 UTC (report only
  before; settings may be chosen on it): ``corpora/labelled/meetings_blind2.csv`` (tester B,
  written blind), two meetings of 120 notes: A = 2026-03 (judged x %), B = 2026-10, which revisits
  most March topics in other words; area accuracy, and challenge accuracy;
* ``blind3``, ``blind3-challenges`` -- REPORT ONLY, no setting is chosen on them:
  ``corpora/labelled/meetings_blind3.csv`` (tester B4, written blind), A = 2027-03 (110 notes,
  judged x %), B = 2027-09 (102 notes). The two-meeting cases are skipped when their file is absent;
* ``blind4``, ``blind4-challenges`` -- REPORT ONLY (since 2026-12-01 04:00 UTC):
  ``corpora/labelled/meetings_blind4.csv`` (tester B7, written blind), A = its first meeting (103
  notes, judged x %), B = the second (99 notes);
* ``blind5``, ``blind5-challenges`` -- REPORT ONLY (since 2026-12-01 06:20 UTC):
  ``corpora/labelled/meetings_blind5.csv`` (tester B9, written blind), A = its first meeting (109
  notes, judged x %), B = the second (101 notes);
* ``blind6``, ``blind6-challenges`` -- REPORT ONLY, FRESH (since 2026-12-01 09:00 UTC):
  ``corpora/labelled/meetings_blind6.csv`` (tester B13, written blind; 2030-03 and 2030-10). Run
  once, after the 09:00 rules were final and committed; nothing was chosen or changed after it.

Ways of teaching, each as the gain over the untaught model on the very same statements (mean over
the splits, the worst split in brackets):

* ``pull`` -- ``feedback.FewShot``: a statement within cosine 0.94 of a judged one is pulled to
  its label (the pipeline before this session; near-duplicates only);
* ``vote+pull`` -- ``teaching.GoalVote`` / ``ChallengeVote`` on the untaught model (every statement
  gets a vote of the judged statements: a softmax over labels of the nearest judged statement of
  each, against a typical neighbour's cosine, at a strength chosen on the judgements themselves,
  each scored with the vote of the others; 0 unless it beats the untaught model there by a sign
  test, Bonferroni over the strengths tried), then the pull;
* ``examples`` (goals) -- the judged statements passed to ``GoalMapper.fit(examples=...)``, unguarded;
* ``pipeline`` (goals) -- what ``feedback.taught_goals`` does: the examples only when
  ``teaching.examples_guard`` accepts them (5-fold cross-fitted on the judgements, sign test),
  then the guarded vote and the pull on that mapper. For challenges ``vote+pull`` was the pipeline
  until 2026-12-01 07:50 UTC; since then the pipeline uses only the pull (and ``forward``) there:
  the vote's guard accepted tester B9's non-random judgements (the flags it saw were wrong, plus
  confirmations; strength 16) and the vote then broke 5 of 8 unreviewed flags of that meeting and
  7 of 12 of the next. It was accepted in 0 of 20 splits of every challenge case here, so no
  figure below changes;
* ``forward`` (goals) -- what ``feedback.taught_goals`` does since 2026-12-01: the pipeline, then
  ``feedback.teach_forward`` on the statements of meetings other than the judgements' (here B and
  the reworded repeats; never the rest of A): a statement takes the examples-taught mapper's goal
  when the judged statements' confident vote (``teaching.forward_moves``: label L gets >= 0.5 of
  the vote against B's typical neighbour) names L, that goal lies in L and the present one does
  not. So on the rest of A ``forward`` = ``pipeline`` by construction;
* ``forward`` (challenges) -- what ``feedback_challenges.taught_challenges`` does since 2026-12-01 06:20 UTC:
  the pull (``vote+pull`` until 09:00; the vote was accepted in no split, so the same figures),
  then ``feedback_challenges.teach_challenges_forward`` on the statements of other meetings
  (B and the reworded repeats; never the rest of A): a statement the detector calls no challenge
  becomes one when (1) a judged challenge the detector MISSED is nearer to it than B's typical
  neighbour (``teaching.challenge_forward_moves``: taught prototypes) AND (2) the detector
  recalibrated on all the judgements says so (``teaching.calibrate``: a logistic regression of the
  judgements on [1, cue score, prototype margin] with the detector's logit as offset, a N(0, 0.5²)
  prior on each shift, ``teaching.CALIBRATION_SD``). Upward only. Since 2026-12-01 09:00 UTC the
  calibration is fitted on ALL of meeting A as the analyst left it (judged rows as judged, the
  rest as the detector said; ``teaching.judged_meeting_terms``), not on the judged rows alone.

**Realistic review** (``--review realistic``; ``both``, the default, runs it before the learning
curve): the learning curve draws the judged rows at random, but a real analyst judges the rows
they see are WRONG: selected, not sampled, so judgements hold far more errors than the meeting
has. Through the pipeline (``nlp_varmland.analyze``, a temporary store): meeting A of each
two-meeting set is analysed with an analyst's corrections, then B into the same store; right
answers on B (exact goal, area, challenge flag; gold found by ``source_row``) without -> with the
store, and statements fixed / broken. The analysts (``ANALYSTS``, ``_judgements``):

* **all errors, every 4th right ok** -- every statement of A whose goal or flag is wrong gets both
  right values; every 4th statement right on both gets "ok" with the tool's values (as review.xlsx
  gives them: the unchanged cell of a reviewed row is a confirmation);
* **all errors, no ok** -- corrections only: the wrong cell corrected, the other left empty (no
  opinion), no confirmations (the lead's /tmp/lead/s22/selchk.py review, tester B9's practice);
* **first half of the errors, every 4th right ok** -- stops reading half-way through the errors
  (reading order), with "ok" on every 4th right row before that point.

    .venv/bin/python -m benchmarks.corrections --repeats 5      # both reviews; 1163 s at load 3-7 on 2 cores
    .venv/bin/python -m benchmarks.corrections --review realistic --cases blind2,blind3,blind4,blind5,blind6

External cases are drawn to 600 statements (``--max-n``; A and B 300 each): every meeting is
scored several times per split and the mapper trains a classifier on each batch it scores.

Measured 2026-12-01 09:41-10:00 UTC (``--repeats 5``, both reviews, 1163 s at load 3-7 on 2 cores),
at 81d27da (the calibration on the judged meetings as left) with the other engineers' working tree
of that time; benchmarks/results/corrections.json holds this run.

**Realistic review** (right answers on B without -> with the store; fixed/broken). The analyst of
"all errors, no ok" is the lead's selchk review; blind6 is fresh (run once the rule was final):

    set (A / B statements)         analyst                      goal            area            challenge
    blind2 (120 / 119), dev        all errors, every 4th ok     90->94 (+4/-0)  100->102 (+2/-0) 100->102 (+2/-0)
                                   all errors, no ok            90->92 (+2/-0)  100->102 (+2/-0) 100->102 (+2/-0)
                                   first half, every 4th ok     90->95 (+5/-0)  100->103 (+3/-0) 100->101 (+1/-0)
    blind3 (108 / 101), report     all errors, every 4th ok     79->81 (+2/-0)  91->92 (+1/-0)   91->92 (+1/-0)
                                   all errors, no ok            79->80 (+1/-0)  91->92 (+1/-0)   91->92 (+1/-0)
                                   first half, every 4th ok     79->81 (+2/-0)  91->92 (+1/-0)   91->92 (+1/-0)
    blind4 (102 / 97), report      all errors, every 4th ok     76->79 (+6/-3)  80->84 (+6/-2)   83->83
                                   all errors, no ok            76->78 (+2/-0)  80->82 (+2/-0)   83->83
                                   first half, every 4th ok     76->78 (+2/-0)  80->82 (+2/-0)   83->83
    blind5 (106 / 99), report      all errors, every 4th ok     69->75 (+9/-3)  78->82 (+6/-2)   92->92
                                   all errors, no ok            69->74 (+5/-0)  78->83 (+5/-0)   92->92
                                   first half, every 4th ok     69->71 (+2/-0)  78->79 (+1/-0)   92->92
    blind6 (114 / 118), FRESH      all errors, every 4th ok     83->86 (+3/-0)  100->102 (+2/-0) 105->109 (+4/-0)
                                   all errors, no ok            83->90 (+8/-1)  100->104 (+5/-1) 105->109 (+4/-0)
                                   first half, every 4th ok     83->84 (+1/-0)  100->101 (+1/-0) 105->106 (+1/-0)

No cell is lower with the store than without it. Before (the calibration on the judged rows alone;
the same review on one tree at 08:52, HEAD teaching against 5e71df8's), the challenge cells were
blind2 all errors no ok 100->104 and first half 100->102, blind4 83->84 (every 4th ok and no ok),
and **blind5 all errors no ok 92->91** (-1: "Vi behöver möta kompetensbristen genom att ta tillvara
nyanländas yrkeskunskaper", a proposal); every goal and area cell was the same. So the fix costs
the development set blind2 two statements (of 4) and one (of 2) and blind4 one, and removes the
only loss. The goal cells of blind4 and blind5 with "ok" rows gain but break 2-3 statements: there
the examples guard accepts (blind4: 6 fixed, 1 broken cross-fitted on the 57 judgements), and the
guard, like the challenge vote of 47bd1c9, scores judgements that are mostly errors. Net positive
in every cell; left as it is (see below).

**Learning curve** (random review). Gain of ``forward`` (what the tool does) on rest of A / on B,
mean (worst split); untaught A / B in brackets:

    case (untaught A / B)        5 %                 10 %                20 %                40 %
    challenges(0.91 / 0.89)   0/0 (0/0)           0/0 (0/0)           0/0 (0/0)           0/0 (0/0)
    blind2-ch (0.91 / 0.84)   0/0 (0/0)           0/0 (0/0)           0/0 (0/0)           0/0 (0/0)
    blind3-ch (0.93 / 0.89)   0/+.002 (0/0)       0/+.002 (0/0)       0/+.002 (0/0)       0/+.008 (0/0)  report only
    blind4-ch (0.87 / 0.86)   0/0 (0/0)           0/0 (0/0)           0/0 (0/0)           0/0 (0/0)  report only
    blind5-ch (0.90 / 0.93)   0/0 (0/0)           0/0 (0/0)           0/0 (0/0)           0/0 (0/0)  report only
    blind6-ch (0.86 / 0.89)   0/0 (0/0)           0/0 (0/0)           0/0 (0/0)           0/+.003 (0/0)  fresh
    workshop  (0.95 / 0.88)   0/0 (0/0)           0/0 (0/0)           0/+.001 (0/0)       0/0 (0/0)
    sl-A-nd   (0.88 / 0.85)   0/0 (0/0)           0/+.001 (0/0)       +.002/+.003 (0/0)   +.014/+.017 (0/0)
    sib-B-nd  (0.67 / 0.64)   0/+.009 (0/0)       0/+.003 (0/0)       +.013/+.030 (0/+.007) +.040/+.037 (0/+.013)
    blind2    (0.88 / 0.81)   0/+.003 (0/0)       0/+.007 (0/0)       0/+.010 (0/+.008)   0/+.010 (0/+.008)
    blind3    (0.89 / 0.88)   0/0 (0/0)           0/+.002 (0/0)       0/+.006 (0/0)       0/+.016 (0/0)  report only
    blind4    (0.76 / 0.83)   0/+.002 (0/0)       0/+.004 (0/0)       +.015/+.004 (0/0)   0/+.012 (0/0)  report only
    blind5    (0.84 / 0.77)   0/+.002 (0/-.010)   0/+.004 (0/-.010)   0/+.004 (0/-.010)   0/+.022 (0/+.010)  report only
    blind6    (0.86 / 0.85)   0/+.002 (0/0)       0/+.005 (0/0)       0/+.007 (0/0)       0/+.012 (0/0)  fresh

The same as the 06:22 run (``before``) in every cell but three: blind2-ch B 0/+.002 at 10-40 % ->
0 and blind4-ch B +.002 at 10-40 % -> 0 (the calibration on the judged meeting as left: with a
random x % judged the unjudged rows count as right, so it is more cautious), blind6 is new; the
goal cells moved with the other engineers' changes (blind4 untaught A 0.77 -> 0.76, blind5 B at
40 % +.014 -> +.022). No split of any case loses except **blind5 (goals, report only)**: one
statement in one split at 5, 10 and 20 % (worst -0.010), the goal forward rule as at 06:22. The
fresh blind6 never loses (B +.002 / +.005 / +.007 / +.012, challenges +.003 at 40 %).

Tried 2026-12-01 08:35-09:40 UTC (``/tmp/go`` scripts on the benchmark's own splits, the models'
scores of each meeting, B fixed / broken summed; "realistic" = the three analysts above at model
level, 50 splits for the challenge side):

* **kept: calibrate on the judged meetings as the analysts left them** (``teaching.judged_meeting_terms``:
  every statement of the meeting a judgement was made at, judged ones as judged, the others as
  the detector said). Exact when the analyst corrected every error, toward today's detector when
  not (a random x %: the unjudged rows count as right). 50 random splits at 5 / 10 / 20 / 40 %:
  challenges.csv 0/0 everywhere (as before), blind2-ch 0/0, 0/0, 3/0, 15/0 (was 2/0, 4/0, 10/0,
  20/0), report-only blind3-ch 5/0, 12/0, 22/0, 51/0 (was 3/0, 8/0, 20/0, 52/0), blind4-ch 0/0 in
  every cell (was 0/0, 2/0, 3/0, 11/0), blind5-ch 0/0 (as before). Realistic at model level:
  blind2 2/0, 3/0, 2/0 -> 1/0, 1/0, 1/0.
* **two judged statements must agree** (challenges: two missed judged challenges nearer than B's
  typical neighbour): blind2-ch 0/0 in every random cell and every realistic review (all fixes
  gone), blind3-ch 0/0, 1/0, 1/0, 6/0. Goals (two judged statements of the label nearer than the
  typical neighbour): blind2 0/0 everywhere (was 2/0, 4/0, 6/0, 6/0 over 5 splits; realistic 3/0
  -> 0/0). Dropped: no gain left on the development set.
* **confirmations weighted** to stand for the meeting's uncorrected rows (weight (N - corrections)
  / confirmations, the calibration on the judged rows): blind2-ch 2/0, 3/0, 5/0, 17/0, but with no
  confirmations (the lead's review) it is the biased fit again, and it broke a blind5-ch statement
  at 5 and 10 % (0/2, 0/1; seen, report only). Dropped on the first ground.
* **a goal statement near a judged example of its present answer keeps it** (a judged statement
  nearer than B's typical neighbour says the present goal is right: the judgements disagree):
  committed in 5e71df8, dropped in 81d27da: it changed no realistic cell and not blind5's random
  loss (the same with and without it, measured on one tree); the run with it (09:03) had sib-B-nd
  B at 40 % +.036, this run without it +.037. By the house rule not kept.
* **Still open**: blind5 (goals, random review, report only) loses one statement in one split at 5,
  10 and 20 % (worst -0.010), unchanged by every rule above; the examples guard's selection bias
  under a real review (goal cells of blind4 / blind5, +6/-3 and +9/-3); the guard could score the
  judged meeting as left, too (not tried: blind6 had been seen by then).

Tried 2026-12-01 11:12-12:05 UTC (GO, issue 11 tasks 3-4; this module with ``--review realistic
--cases blind2,blind4,blind5`` and ``--review random --repeats 5 --cases workshop,sl-A-nd,sib-B-nd,
blind2`` (+ blind5), each on a ``git archive`` of 9f6f0cc with and without the change; neither kept):

* **the goal guards score the judged meeting as left** (``examples_guard`` and ``GoalVote``: the
  judged meetings' unjudged statements are scored too, the untaught answer counting as right, one a
  fold's mapper / the vote moves counting as broken). Examples guard alone, realistic: blind2 every
  cell the same (the guard never accepts there); blind5 "every 4th right ok" goal 70->76 (+10/-4) ->
  70->75 (+5/-0), area 82 -> 84; blind4 the same. Random, pipeline+forward on B: sib-B-nd 20 %
  +.030 (worst +.007) -> +.005 (-.020), 40 % +.037 -> +.029; sl-A-nd 20 % +.003 -> +.001 (40 % +.017
  -> +.023); workshop and blind2 the same. In a random review the unjudged rows hold errors nobody
  saw, so "as left" calls the examples' fixes there breaks. With the vote guard as left too,
  realistic blind4 "no ok" goal 75->81 (+11/-5) -> 75->77 (+2/-0). Dropped: loses on sib-B-nd and
  sl-A-nd (development).
* **a goal forward move needs two agreeing judged statements** (the two nearest judged statements
  both say the vote's label L): blind5 random B (report only) 5/10/20 % worst -.010 -> +.000, but the
  means fall (40 % +.022 -> +.008), and the development sets lose: blind2 B +.003/+.007/+.010/+.010
  -> .000/.000/+.002/+.002, sib-B-nd 5 % +.009 -> +.007, 40 % +.037 -> +.035, workshop 20 % +.001 ->
  .000. Dropped.

Looked at 2026-12-01 13:57-14:55 UTC (GO3, issue 11 task 1; nothing kept): **the blind5 loss**. Every
goal forward move of ``goal_curve`` on B was recorded (``/tmp/go3/diag.py CASE``: this module's own
splits, ``teaching.forward_moves`` wrapped, at 4e482d0 with the other engineers' tree of that time)
with the untaught scores, the judged example's cosine and the statement's own evidence. The loss
is two statements that name two topics, housing AND recruitment: "Nya sjuksköterskan i Torsby fick
bo i husvagn första månaderna" (5, 10, 20 %, split 3) and "Bostadsbrist stoppar rekryteringen till
industrin i Hagfors" (20 %, splits 0, 1, 4; 40 %, split 4). The untaught model says ``bostader``
(its first choice: area right); ONE judged statement labelled ``kompetensforsorjning``, at cosine
0.892 / 0.915 against B's typical neighbour 0.882, wins the vote (>= 0.5: no judged statement of
another label is near, and the model's own answer has no voice in the vote), and the mapper fitted
with the judgements -- the same example among them -- agrees (``kompetensforsorjning`` is the
untaught model's second choice, z 2.36 / 4.00 against 3.45 / 4.55). Rule: the forward vote; no
guard is involved. The rules the brief proposed, as filters on the recorded moves (fixed / broken
summed over the 5 splits at 5 / 10 / 20 / 40 %; dev = blind2, workshop):

    rule                                              blind2 (dev)       workshop (dev)    blind5 (report, once)
    today                                             2/0 4/0 6/0 6/0    0/0 0/0 1/0 0/0   2/1 3/1 5/4 11/1
    L in the untaught model's top 2                   the same           the same          1/1 2/1 4/4 9/1
    L within 0.6 z of the present goal                the same           the same          1/0 1/0 1/3 1/1
    example nearer than the present goal's best
      evidence row (description or goal-file example) the same           the same          the same as today
    example nearer than the statement's nearest
      neighbour at its own meeting                    the same           the same          the same as today
    no judged statement of another label as near to
      the example as the statement (leave-one-out)    the same           0/0 0/0 0/0 0/0   2/1 3/1 5/3 11/0

No rule separates the loss: the broken moves pass every nearness test (example 0.892 vs own
neighbour 0.890, 0.915 vs 0.900; vs the present goal's evidence 0.853, 0.878), the learned goal is
the model's second choice as in the fixes, and the only filter that removes them (a z margin) also
removes blind5's fixes (+11 -> +1 at 40 %) and was not derived from first principles; the
leave-one-out check loses the workshop's only fix. The gap example - typical neighbour is 0.010 /
0.033 for the broken moves and 0.021-0.063 for the dev fixes. None was committed; the loss stays
open (reported). sl-A-nd (dev, recorded the same way; forward moves 0/0 1/0 1/0 3/1): the three
nearness/top-2 filters keep its fixes, top-2 also drops its one broken move at 40 % ("Det gör mer
skada än nytta ...", marijuana -> abort, the model's third choice). sib-B-nd and the realistic
review were not re-run (load 10-17 on 2 cores): no rule removed the blind5 loss, so none got that far.

Earlier figures (before the calibration on the judged meetings as left):

Measured 2026-12-01 06:22-06:41 UTC (5 splits, 1119 s, load 4.5-6.6 on 2 cores), at 33f0ceb with
the challenge forward rule; benchmarks/results/corrections.json holds this run (the folder is not in
git). Gain of what the tool does now (``forward``) on rest of A / on B, mean (worst split);
untaught accuracy A / B in brackets:

    case (untaught A / B)        5 %                 10 %                20 %                40 %
    challenges (0.91 / 0.89)  0/0 (0/0)           0/0 (0/0)           0/0 (0/0)           0/0 (0/0)
    blind2-ch  (0.91 / 0.84)  0/0 (0/0)           0/+.002 (0/0)       0/+.002 (0/0)       0/+.002 (0/0)
    blind3-ch  (0.93 / 0.89)  0/+.002 (0/0)       0/+.002 (0/0)       0/+.002 (0/0)       0/+.008 (0/0)      report only
    blind4-ch  (0.87 / 0.86)  0/0 (0/0)           0/+.002 (0/0)       0/+.002 (0/0)       0/+.002 (0/0)      report only
    blind5-ch  (0.90 / 0.93)  0/0 (0/0)           0/0 (0/0)           0/0 (0/0)           0/0 (0/0)          report only
    workshop  (0.95 / 0.88)   0/0 (0/0)           0/0 (0/0)           0/+.001 (0/0)       0/0 (0/0)
    sl-A-nd   (0.88 / 0.85)   0/0 (0/0)           0/+.001 (0/0)       +.002/+.003 (0/0)   +.014/+.017 (0/0)
    sib-B-nd  (0.67 / 0.64)   0/+.009 (0/0)       0/+.003 (0/0)       +.013/+.030 (0/+.007) +.040/+.037 (0/+.013)
    blind2    (0.87 / 0.81)   0/+.003 (0/0)       0/+.007 (0/0)       0/+.010 (0/+.008)   0/+.010 (0/+.008)
    blind3    (0.89 / 0.88)   0/0 (0/0)           0/+.002 (0/0)       0/+.006 (0/0)       0/+.016 (0/0)      report only
    blind4    (0.77 / 0.83)   0/+.002 (0/0)       0/+.004 (0/0)       +.015/+.004 (0/0)   0/+.014 (0/+.010)  report only
    blind5    (0.84 / 0.77)   0/0 (-.010)         0/+.002 (-.010)     0/+.002 (-.010)     0/+.014 (0/0)      report only

``before`` for the challenge cases (``vote+pull``, the pipeline until 06:20): 0/0 (0/0) in every
cell; every goal figure is that of the 04:32 run (same code). Reworded repeats of the judged
statements (a later meeting, so forward too): blind3-ch +0.086 -> +0.100 at 40 %, blind4-ch +0.080
-> +0.100 at 10 % and +0.049 -> +0.063 at 40 %; unchanged elsewhere (challenges.csv +0.050..+0.100,
blind2-ch +0.121..+0.200, blind5-ch +0.123..+0.200, all by the pull).
The challenge side now learns: the next meeting rises on blind2 (development) and on the
report-only blind3 and blind4, one statement in one or two splits of five, and no split of any
challenge case loses; challenges.csv (random halves of one set, not a next meeting) and blind5
stay flat. Checked beyond the 5 splits with the library's own ``teach_challenges_forward`` on 50
splits (B fixed/broken summed at 5 / 10 / 20 / 40 %): challenges.csv 0/0 0/0 0/0 0/0, blind2-ch
2/0 4/0 10/0 20/0, blind3-ch 3/0 8/0 20/0 52/0, blind4-ch 0/0 2/0 3/0 11/0, blind5-ch 0/0 in every
cell: not one statement broken in 1000 split-cells.
**blind5 (goals, report only, new) loses on B**: the goal forward rule (unchanged since 2b31433)
breaks one statement in one split at 5, 10 and 20 % (worst -0.010; means 0 / +.002 / +.002, +.014 at
40 %): "Nya sjuksköterskan i Torsby fick bo i husvagn första månaderna" and "Bostadsbrist stoppar
rekryteringen till industrin i Hagfors" move utveckla-attraktiva-platser -> hoja-kompetensen (gold:
attractive places; both name housing AND recruitment). Reported, not tuned (report-only set).

Tried 2026-12-01 06:15-06:40 UTC for the challenge side (``/tmp`` scripts on the benchmark's own
splits and the untaught detector's cue scores, prototype margins and logits; B fixed / broken
summed over the splits at 5 / 10 / 20 / 40 % judged):

* **the errors first** (untaught, per meeting): mostly misses without a cue word. challenges.csv
  (all 166): 11 misses (8 cue-less: "Elnätet fullt i Kristinehamn", "Jordbruksmark växer igen"), 6
  false alarms (4 with a challenge cue: "Problemen med mobiltäckning är lösta"); blind2 B 13 misses
  (6 cue-less; 5 "Det är en stor utmaning att ..." with a cue but a proposal-like prototype margin),
  6 false alarms (all cue-less: "Bord 6: vi roterade efter 20 min"); blind3 B 9 misses (7 cue-less)
  / 2; blind4 B 10 (all cue-less: "Vi ser att ...", "elnät!! fullt") / 4; blind5 B 4 / 3. The best
  single shift of the cut (oracle, on the meeting itself): challenges.csv -0.8 (+3 of 166), blind2
  A -0.3 (+1) but blind2 B +0.5 (+3): opposite directions; blind3 B -1.5 (+5), blind4 B -0.7 (+2),
  blind5 B -0.7 (+1). A style shift exists, but one number reaches 1-5 statements of ~100.
* **calibration, guarded** as the brief proposed (refit intercept, or intercept + the two term
  weights, N(0, 1) prior; accepted only when the cross-fitted leave-one-out decisions beat today's
  on the judgements by an exact one-sided sign test at 5 %): accepted in 0 of 20 split-fractions
  of every case -- the judgements hold too few statements near the cut to test.
* **calibration unguarded**: intercept only (sd 1) loses on challenges.csv B at every fraction
  (-0.012 / -0.022 / -0.005 / -0.012, worst -0.048); intercept + weights (sd 1) blind2 B +0.035 at
  40 % (worst +0.017) but -0.002 at 5 % (worst -0.058), challenges.csv down to -0.022 (worst
  -0.060). Alone at sd 0.5, 50 splits, 40 %: blind2 51/4, challenges.csv 9/5, blind4 51/63.
* **taught prototypes alone** (near a judged error of the detector, nearer than B's typical
  neighbour, both directions): challenges.csv 0/1, 0/3, 0/4, 0/7 (worst -0.024), blind3 1/2..4/6.
* **kept: taught prototypes AND calibration, upward** (above). The prior: sd 1 (50 splits)
  challenges.csv 0/0, 0/1, 0/0, 0/4 (worst -0.012: "Besöksnäringen har vuxit med 8 % sedan 2019"
  and "Hög tillit mellan aktörerna i länet" made challenges, calibrated logits +0.04 / +0.00),
  blind2 5/0, 8/0, 19/0, 44/0; sd 2 (20 splits) challenges.csv 0/1, 0/1, 0/0, 0/2, blind2 2/0, 2/1,
  6/0, 23/0; sd 0.5 (kept, "strongly shrunk") breaks nothing anywhere. The same two signals
  DOWNWARD (near a judged false alarm and the calibration says no): 0 fixed in every case, 1
  broken per fraction on challenges.csv (20 splits). Dropped: upward only.
* a **confident vote** (>= 0.5 against B's typical neighbour) AND calibration (sd 0.5, upward, 50
  splits): blind2 12/0, 25/0, 47/0, 73/0 (+0.012 at 40 %) but challenges.csv 0/0, 0/1, 0/4, 0/4
  (worst -0.012). Near ANY judged challenge (nearer than every judged non-challenge too) AND
  calibration: blind2 79/0 at 40 %, challenges.csv 1/12. Near a judged challenge the detector
  scored no higher AND calibration: the same moves as the kept rule; without the calibration
  blind2 37/18. Dropped: every wider rule breaks a challenges.csv statement in some split.
* In real use an analyst who corrects only the wrong rows (no comment, so no confirmations) gives
  the calibration errors only; the prior and the nearness condition hold it, but the judgements
  then overstate the detector's misses. Not measured here (the benchmark judges every statement of
  the reviewed share).

Earlier figures (before the challenge forward rule):

Measured 2026-12-01 04:32-04:52 UTC (5 splits, 1189 s, load 4.6-8 on 2 cores), at 2b31433 with the
forward rule. Gain of what the tool does now
(``forward``: the pipeline, then forward teaching) on rest of A / on B, mean (worst split);
untaught accuracy A / B in brackets. ``before`` = the pipeline column of the same run (the
pipeline before this change): 0 on the rest of A and B of the workshop, blind2, blind3 and every
challenge case.

    case (untaught A / B)        5 %                 10 %                20 %                40 %
    workshop  (0.95 / 0.88)   0/0 (0/0)           0/0 (0/0)           0/+.001 (0/0)       0/0 (0/0)
    sl-A-nd   (0.88 / 0.85)   0/0 (0/0)           0/+.001 (0/0)       +.002/+.003 (0/0)   +.014/+.017 (0/0)
    sib-B-nd  (0.67 / 0.64)   0/+.009 (0/0)       0/+.003 (0/0)       +.013/+.030 (0/+.007) +.040/+.037 (0/+.013)
    blind2    (0.87 / 0.81)   0/+.003 (0/0)       0/+.007 (0/0)       0/+.010 (0/+.008)   0/+.010 (0/+.008)
    blind3    (0.89 / 0.88)   0/0 (0/0)           0/+.002 (0/0)       0/+.006 (0/0)       0/+.016 (0/0)      report only
    blind4    (0.75 / 0.83)   0/+.002 (0/0)       0/+.004 (0/0)       +.015/+.004 (0/0)   0/+.014 (0/+.010)  report only
    challenges, blind2-, blind3-, blind4-challenges: 0/0 (0/0) in every cell (guards refuse, no
    forward rule: see below)
    pipeline before (B only; rest of A as above): sl-A-nd 0 / 0 / +.003 / +.015, sib-B-nd +.007 /
    0 / +.025 / +.031, blind4 0 / 0 / +.002 / 0, every other goal case 0.

No cell of any case loses: every worst split is >= 0 on the rest of A and on B. The next meeting
rises on every labelled goal set (blind2, the development set: +0.010 at 20 and 40 %, every split
+0.008 or more; workshop notes +0.001 at 20 %, one statement, nothing else moves there), and on the
report-only blind3 and blind4 (+0.016 / +0.014 at 40 %). Reworded repeats (a later meeting, so
forward too) gain more than with the pipeline alone at 40 %: workshop +0.025 -> +0.029, blind2
+0.087 -> +0.100, blind3 +0.073 -> +0.096, blind4 +0.127 -> +0.156. The rest of A (the judged
meeting itself) is the pipeline's by construction. Still open: the challenge side (no rule found
that never loses, below), and the gains are small beside the unguarded examples' (+0.028 on
blind2 B at 40 %, which lose on the rest of A and on the workshop).
End to end (tests/test_teaching_forward.py): blind2's March meeting analysed with 40 % of it
judged (--corrections, --db), then October into the same store: October's goals change only by
the rule, and every change is right at area level.

Tried 2026-12-01 03:55-04:35 UTC for the forward rule (``/tmp`` scripts on the benchmark's own 5
splits, the untaught mapper's scores of each meeting, no pipeline underneath; B statements fixed /
broken summed over the splits at 5 / 10 / 20 / 40 % judged; "unc" = the untaught margin in the
lowest quartile of its own meeting's margins):

* **kept: confident vote AND examples-taught mapper** (no uncertainty condition): workshop 0/0,
  0/0, 1/0, 0/0; blind2 2/0, 4/0, 6/0, 6/0; sl-A-nd 0/0, 1/0, 1/0, 3/1; sib-B-nd 3/0, 5/0, 16/1,
  24/2; blind3 (report only) 0/0, 1/0, 3/0, 8/0; no split loses.
* the brief's three signals, **unc AND confident vote AND taught mapper**: never loses, but half
  the fixes (blind2 0/0, 1/0, 3/0, 3/0; sib-B-nd 2/0, 4/0, 8/0, 11/0; blind3 0/0, 1/0, 2/0, 5/0);
  the uncertain quartile holds only part of the errors the two signals find. Dropped.
* **unc AND taught mapper** (any vote): big on SuperLim (40 %: 52/4, +0.032) but workshop B 2/4
  at 10 % (worst -0.021) and 3/5 at 40 %, blind2 5 % worst -0.008, sib-B-nd worst -0.007. Dropped.
* a third signal, **the judged centroid of L nearer than that of the present label**: the same
  moves or fewer (sl-A-nd 40 % 3/1 -> 2/1, sib-B-nd 24/2 -> 22/2). Dropped (no gain).
* the confidence cut: 0.4 loses (workshop B 1/1 at 5 %, worst -0.007, 0/1 at 10 %; sib-B-nd 5 %
  worst -0.003); 0.6 never loses, fewer fixes (blind2 4/0 at 40 %, sib-B-nd 17/2). 0.5 (a
  majority) is the one obvious setting, and it lies between the two.
* the same rule on the judged meeting itself (rest of A) would lose: sib-B-nd at 20 % 19/3,
  worst -0.004. So it acts forward only.
* the first implementation also left out statements near a judged one (cosine >= 0.94, the
  pull's gate; full run 04:01, before 2b31433): blind2 B +0.000 / +0.002 / +0.005 / +0.005, as
  the pull moved none of them; 2b31433 leaves out only what the pull or the vote changed.
* **challenges**, the same idea (a confident vote and a second signal; B fixed/broken,
  challenges.csv / blind2-challenges): vote alone 0/6, 0/13, 3/10, 5/15 (worst -0.060) / 7/3,
  12/5, 18/7, 26/12; with the judged centroids agreeing 0/6, 0/13, 2/9, 4/8 / 7/3, 11/3, 17/5,
  22/4; with "taught prototypes" (the detector's prototype means with the judged statements
  added) agreeing 0/2, 0/2, 0/0, 0/0 (worst -0.012) / 3/0, 5/0, 7/2, 14/2 (+0.020 at 40 %) and
  blind3-challenges 1/1 and 3/2 at 20 / 40 % (worst -0.010); uncertain quartile and confident
  vote 0/4, 0/6, 3/3, 5/4; "the two nearest judged statements share the label and are nearer than
  a typical neighbour" (with or without the taught prototypes) 0/0, 0/0, 0/0, 0/1 (worst -0.012)
  / 0/0, 1/0, 2/0, 13/0. Every variant loses a split of challenges.csv, so the challenge side
  keeps the guarded vote and the pull (flat on B, reworded repeats gain).

Earlier figures (before forward teaching):

Measured 2026-11-30 23:26 UTC (5 splits, 385 s; the machine was busy: load 3.4-4.5 on 2 cores,
other engineers' runs), at 328f5bd with the blind3 cases added; every figure of the other cases is
the one of the 22:41 run at 9cea954 (and of 2fe6b7f). benchmarks/results/corrections.json holds
the 23:26 run. Gain on rest of A / on B, mean (worst split); untaught accuracy in brackets.
``before`` = the pipeline before the teaching (the pull alone): +0.000 (+0.000) in every rest-of-A
and B cell of every case; the pipeline did not change this session, so before = after for blind3.

    case (untaught A / B)        5 %                 10 %                20 %                40 %
    pipeline (examples if guarded, then vote if guarded, then pull)
    sl-A-nd   (0.88 / 0.85)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.003/+.001 (0/0)   +.012/+.015 (0/0)
    sib-B-nd  (0.67 / 0.64)   +.000/+.006 (0/0)   +.000/+.000 (0/0)   +.013/+.023 (0/0)   +.036/+.027 (0/0)
    workshop  (0.93 / 0.87)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)
    challenges(0.91 / 0.89)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)
    blind2    (0.87 / 0.78)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)
    blind2-ch (0.89 / 0.83)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)
    blind3    (0.89 / 0.84)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)
    blind3-ch (0.93 / 0.89)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.000/+.000 (0/0)

    Re-measured 2026-12-01 00:09 UTC with the goal mapper's concept views (``GoalMapper(concepts=True)``,
    9804775; 5 splits, 777 s at load 4.7; benchmarks/results/corrections.json): untaught A / B
    workshop 0.950 / 0.890, sl-A-nd 0.880 / 0.853, sib-B-nd 0.666 / 0.641, blind2 0.867 / 0.808,
    blind3 0.891 / 0.882; challenges unchanged. The pipeline's gains on that:
    sl-A-nd   (0.88 / 0.85)   +.000/+.000 (0/0)   +.000/+.000 (0/0)   +.002/+.003 (0/0)   +.016/+.015 (0/0)
    sib-B-nd  (0.67 / 0.64)   +.000/+.007 (0/0)   +.000/+.000 (0/0)   +.013/+.025 (-.004/0) +.040/+.031 (0/0)
    workshop, blind2, blind3 and the challenge cases: +.000/+.000 (0/0) in every cell (guards refuse)
    One split of sib-B-nd at 20 % loses one statement of the rest of A (examples accepted by the
    guard in 2 of 5 splits); every other worst split is 0.
    GoalMapper.fit(examples=) without the guard
    sl-A-nd                   +.002/+.003 (-.021/-.020)  +.004/+.012 (-.007/-.003)  +.012/+.025 (-.004/+.007)
                              +.043/+.043 (+.006/+.027) at 40 %
    sib-B-nd                  -.006/+.011 (-.067/-.037)  +.025/+.047 (+.011/+.030)  +.037/+.055 (0/+.030)
                              +.058/+.074 (+.028/+.053) at 40 %
    workshop                  -.006/-.005 (-.015/-.021)  -.013/-.001 (-.024/-.034)  -.023/-.014 (-.054/-.034)
                              -.046/-.018 (-.108/-.041) at 40 %
    blind2                    -.011/+.010 (-.026/+.008)  -.002/+.017 (-.018/+.008)  -.006/+.037 (-.042/+.017)
                              -.028/+.048 (-.083/+.033) at 40 %
    blind3 (report only)      -.002/+.008 (-.010/-.010)  -.006/+.016 (-.030/+.010)  -.011/+.028 (-.023/0)
                              -.021/+.037 (-.045/+.010) at 40 %

Reworded repeats of judged statements gain +0.03..+0.06 (workshop), +0.10..+0.17 (blind2),
+0.07..+0.09 (blind3), +0.05..+0.10 (challenges), +0.12..+0.20 (blind2 challenges) and +0.07..+0.09
(blind3 challenges) through the pull. The guards: examples accepted 0/20 (workshop, blind2,
blind3), 3/20 (sl-A-nd), 4/20 (sib-B-nd); the vote 0/20 on the workshop, blind2, blind3 and all
challenge cases.
No split of the guarded pipeline loses on B or on the rest of A. On the blind meetings the
unguarded examples win on B in every split (+0.048 at 40 %) but lose on the rest of A (-0.028,
worst -0.083), so the pipeline stays where it was there, too. Unlike the workshop notes, the
blind meetings have headroom (reported, not used: 40 % judged, the nearest judged March statement
fixes 64 of 130 October errors, breaks 198 of 470; a vote moving only statements whose top two
scores lie within 0.25 gains +0.038 there and -0.001 on the workshop). The guards cannot see it:
they score judgements of ONE meeting against each other, and the gain is across meetings.

Tried 2026-11-30 23:20-23:35 UTC to reach that headroom safely (blind2 now a development set), on
the benchmark's own 5 splits and the untaught mapper's scores of each; B = gain on the next meeting,
mean (worst split). Nothing below was kept: every variant that moves anything on the workshop or
blind2 loses in some split of some case:

* **The uncertain-only vote.** A statement is uncertain when the untaught model's margin (best
  area score minus the larger of the runner-up area and the no-goal threshold; threshold minus
  best when no goal clears it) lies below the q-quantile of its own meeting's margins; the vote
  moves only those, and the guard scores only judged statements uncertain by the same cut (leave
  one out). With today's test (Bonferroni): accepted 0/20 on the workshop and blind2 for q = 0.1,
  0.25 and 0.5; sl-A-nd B at 40 % +0.006 / +0.019 / +0.021 and sib-B-nd +0.000 / +0.005 / +0.021
  (unrestricted vote: +0.021 / +0.016), so no better. The judged statements of A are seldom
  uncertain (q = 0.1: 0-4 of 24-28 judged at 20 %, 3-7 of 48-56 at 40 %): the guard has nothing to
  test. A 5 % one-sided test without Bonferroni loses on sl-A-nd at 5 % (q = 0.25: B -0.006, worst
  -0.030) and sib-B-nd at 5 % (unrestricted: -0.005, worst -0.027); "net >= 1" loses 0.110 on a
  workshop split at 10 %. Without a guard (oracle view): blind2 B at 40 %, q = 0.1, strength 4
  +0.037 (worst +0.025), but its rest of A -0.014 (worst -0.042) and workshop B +0.001 (worst -0.014).
* **Why one meeting cannot tell.** Per margin decile (40 % judged): on blind2 B the lowest decile
  has the model right 33 %, the vote's label 62 %; on workshop B 53 % against 41 %; but on A's own
  judged statements (leave one out) the lowest decile says the same in both: blind2 64 % / 18 %,
  workshop 62 % / 42 %. October rewords March; March statements are not rewordings of each other.
* **Leave-one-MEETING-out** (x % of A and x % of B judged, each meeting's judgements scored with the
  vote of the other's): at 40 %, strength 1, the direction is right (blind2 fixed/broken per split
  2/0, 3/0, 2/0, 3/0, 1/0; workshop 0/0, 0/1, 0/0, 0/1, 1/2), but 3 changes with none broken is a
  one-sided sign test at p = 0.125: meetings of ~100 notes give a guard too few changes to accept.
  Not built (the pipeline's guard would refuse it in every split measured).
* **A fixed small vote on the next meeting only** (rest of A untouched, strength 0.5 / 1 / 2, all
  or uncertain statements, with or without "leave-one-out net >= 0"): workshop B up to +0.011 but
  a worst split of -0.007 (40 %, strength 1) and blind2 B -0.008 (5 %); one statement either way.
* **Confident votes only** (vote >= 0.5 against the typical neighbour, uncertain quartile): right
  on B in 5 of 6 (blind2), 6 of 7 (sl-A-nd), 13 of 15 (sib-B-nd), none on the workshop; but the
  few such votes on A's judgements were all wrong (workshop 1, blind2 2), so no guard accepts them.
* **A recurring remark** (a B statement nearer to a judged one than to any other B statement)
  takes the judged label: workshop -0.014..-0.075, blind2 -0.010..-0.073 (with a 0.02 cosine
  margin: workshop -0.001..-0.007, blind2 +0.002..+0.005, worst -0.017).
* **The analysts' convention as per-area offsets** (a multinomial logistic model on the judged
  statements with the model's area scores as offset, L2-shrunk to 0): workshop B -0.030..+0.005,
  blind2 -0.100..+0.008, worst splits down to -0.110 / -0.325.
* **Challenges**: the vote helps blind2 B (strength 2: +0.025 / +0.032 / +0.035 at 10 / 20 / 40 %,
  worst >= +0.008) but loses on challenges.csv at every strength (0.5: -0.007, worst -0.012), also
  on uncertain statements only (|z - cut| below the quartile: 40 %, strength 2 -0.014, worst
  -0.060) and with "leave-one-out net >= 0" at a fixed strength (-0.007..-0.017); a 5 % test
  without Bonferroni loses 0.062 on blind2's rest of A (20 %, uncertain quartile).

Why the workshop notes and the challenges stay flat (diagnosis, 5 splits, A -> B):

* workshop, 40 % judged: the untaught model is wrong on 19 of 146 B statements per split. The
  nearest judged A statement carries the right area for 29 of those 95 errors, but the wrong one
  for 262 of the 635 right answers (nearest-judged accuracy 0.51, judged-centroid 0.64, model
  0.87); at cosine >= 0.90 it fixes 3 and breaks 4. The vote on B gains nothing that holds: at
  sub-goal level +0.003 / +0.001 (worst split -0.007 both) / -0.030 / -0.107 for strength 1 / 2 /
  4 / 8, at area level -0.001 / -0.016 / -0.068 / -0.151, also when it may only move statements whose top two
  scores lie within 0.25 (-0.001, worst -0.014). Shifting the no-goal threshold by +-0.25 loses
  (-0.007 / -0.021): it is at its best already. So no few-shot learner on the judged statements
  has headroom here; the guards refusing is right.
* The unguarded examples' loss on the workshop (40 % judged: B -0.018, rest of A -0.046) comes
  from three places: (1) on the rest of A, a batch of 83 statements keeps the z untaught, and the
  judgements count towards the classifier's minimum of confident statements and switch it on
  (when they do not count, full run: rest of A -0.013 / -0.023 / -0.046 -> -0.006 / -0.004 /
  -0.012 at 10 / 20 / 40 %, worst -0.108 -> -0.036; reworded at 40 % +0.043 -> +0.039; the guarded
  pipeline the same in every cell of every case, so not kept); (2) a judged
  statement also joins its goal's nearest-example similarity (the z): with (1) and without that,
  B -0.018 -> -0.005 (worst -0.041 -> -0.021), rest of A -> 0.000, and sib-B-nd +0.074 -> +0.079,
  sl-A-nd +0.043 -> +0.045, but blind2 B +0.048 -> +0.010; (3) the weight of a labelled row: 1
  instead of 3 gives B -0.012, rest -0.014, but also sib-B-nd +0.074 -> +0.067, sl-A-nd +0.043 ->
  +0.025 (a trade, not a fix). Labels at area level lose more (B -0.030).
  (1)+(2) together were tried in the mapper and NOT kept: through the guards the pipeline moved only
  within noise (10 splits: sl-A-nd B at 40 % +0.011 -> +0.020, sib-B-nd +0.043 -> +0.042, 10 %
  +0.005 -> +0.002) and one sib-B-nd split lost 0.008 on the rest of A at 20 % (was 0).
* challenges, 40 % judged: 47 B errors over 5 splits; the nearest judged statement fixes 15 and
  breaks 90 right answers, the judged centroids fix 11 and break 49 (e5 neighbours share a topic,
  a challenge is a way of phrasing it). The vote loses on B at every strength (-0.005..-0.019);
  a logistic model on [bias, cue score, prototype margin, judged-centroid margin] with the
  untaught logit as offset (L2-shrunk to "untaught") gains at most +0.002 (one cell) and loses
  up to -0.031 (worst split -0.072) at 5-40 % judged; a balanced logistic regression on the judged
  rows' embeddings added to the logit (C 0.1 / 1 / 10, weight 0.25 / 0.5 / 1) never gains on B
  (0.000 at best, down to -0.024) at 10-40 %.
* Nearest judged statement by concept views instead of whole-text vectors (``--nearest``,
  2026-12-01, 5 splits, 40 % of A judged, each meeting its own idf; accuracy of the nearest
  judged statement's label on the rest of A / on B, whole -> concept): workshop 0.467 -> 0.500 /
  0.548 -> 0.510, sl-A-nd 0.906 -> 0.910 / 0.899 -> 0.897, sib-B-nd 0.679 -> 0.668 / 0.639 ->
  0.637, blind2 0.406 -> 0.386 / 0.560 -> 0.565, blind3 (report only) 0.409 -> 0.455 / 0.633 ->
  0.633. No clear rise (the workshop's next meeting drops), far below the model (0.87 on the
  workshop's B) either way, so the vote and the pull keep the whole-text vectors (and the
  challenge vote always: a challenge is a way of phrasing). With all of A judged the workshop's B
  rises (0.596 -> 0.616) but leave-one-out on A, what the guard scores, drops (0.590 -> 0.511).
* A looser guard is not safe: the examples guard's cross-fitted (fixed, broken) on the
  judgements is (3, 1) both for a workshop split that loses 0.027 on B and for a SuperLim split
  that gains 0.037, so "net > 0" or a sign test at a lower level would accept workshop losses.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
GOALS = ROOT / "corpora" / "labelled" / "goals.csv"
HOLDOUT = ROOT / "corpora" / "labelled" / "goals_holdout.csv"
CHALLENGES = ROOT / "corpora" / "labelled" / "challenges.csv"
BLIND2 = ROOT / "corpora" / "labelled" / "meetings_blind2.csv"
BLIND3 = ROOT / "corpora" / "labelled" / "meetings_blind3.csv"
BLIND4 = ROOT / "corpora" / "labelled" / "meetings_blind4.csv"
BLIND5 = ROOT / "corpora" / "labelled" / "meetings_blind5.csv"
BLIND6 = ROOT / "corpora" / "labelled" / "meetings_blind6.csv"
RESULTS = ROOT / "benchmarks" / "results"
FRACTIONS = (0.0, 0.05, 0.10, 0.20, 0.40)
GOAL_CASES = ("workshop", "sl-A-nd", "sib-B-nd", "blind2", "blind3", "blind4", "blind5", "blind6")
CASES = (*GOAL_CASES, "challenges", "blind2-challenges", "blind3-challenges", "blind4-challenges",
         "blind5-challenges", "blind6-challenges")
#: The two-meeting sets: meeting A judged x %, meeting B scored (skipped when the file is absent).
MEETING_SETS = {"blind2": BLIND2, "blind2-challenges": BLIND2, "blind3": BLIND3, "blind3-challenges": BLIND3,
                "blind4": BLIND4, "blind4-challenges": BLIND4, "blind5": BLIND5, "blind5-challenges": BLIND5,
                "blind6": BLIND6, "blind6-challenges": BLIND6}
#: Report-only cases: a blind set nobody chooses a setting on. (``blind2`` was report-only until
#: 2026-11-30 23:40 UTC; it is a development set since, settings may be chosen on it.)
REPORT_ONLY = ("blind3", "blind3-challenges", "blind4", "blind4-challenges", "blind5", "blind5-challenges",
               "blind6", "blind6-challenges")
#: The analysts of the realistic review (:func:`realistic_review`): every k-th right row of meeting A
#: confirmed ("ok"), or none; ``half``: only the first half of the errors, in reading order.
ANALYSTS = {"all errors, every 4th right ok": (4, False), "all errors, no ok": (None, False),
            "first half of the errors, every 4th right ok": (4, True)}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def reword(text: str) -> str:
    """The same remark noted down again: lower case, no punctuation, last word dropped.

    >>> reword("Bussen går för sällan, tyvärr!")
    'bussen går för sällan'
    """
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    return " ".join(words[:-1] if len(words) > 3 else words)


def _splits(n: int, n_a: int | None, repeats: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(A in the order it is reviewed, B) per split: A = the first ``n_a`` rows and B the rest,
    or (``n_a`` None) A and B random halves of the ``n`` rows."""
    out = []
    for rep in range(repeats):
        if n_a is not None:
            out.append((np.random.default_rng(rep).permutation(n_a), np.arange(n_a, n)))
        else:
            perm = np.random.default_rng(rep).permutation(n)
            out.append((perm[: n // 2], perm[n // 2:]))
    return out


def _blind2(path: Path = BLIND2) -> tuple[list[dict[str, str]], int]:
    """A two-meeting set: rows of its first meeting (A), then of the second (B), and len(A)."""
    rows = _rows(path)
    first, *rest = sorted({r["meeting"] for r in rows})
    if not rest:
        raise SystemExit(f"{path.name}: one meeting only ({first}); the case needs two")
    a = [r for r in rows if r["meeting"] == first]
    return a + [r for r in rows if r["meeting"] != first], len(a)


def _goal_case(case: str, emb: Any, folder: Path, max_n: int = 600) -> dict[str, Any]:
    """Texts, gold labels ("" = no goal), the goal file and which rows are B."""
    from nlp_varmland.goals import load_goals

    if case in ("blind2", "blind3", "blind4", "blind5", "blind6"):
        rows, n_a = _blind2(MEETING_SETS[case])
        return {"texts": [r["text"] for r in rows], "label": [r["goal_id"] or r["area_id"] for r in rows],
                "goalset": load_goals(), "n_a": n_a, "area": True}
    if case == "workshop":
        a, b = _rows(GOALS), _rows(HOLDOUT)
        rows = a + b
        texts = [r["text"] for r in rows]
        label = [r["goal_id"] or r["area_id"] for r in rows]
        return {"texts": texts, "label": label, "goalset": load_goals(), "n_a": len(a), "area": True}
    from benchmarks.goals import prepare

    spec = prepare(case, folder)
    gold = ["" if g == "none" else g for g in spec["gold"]]
    keep = np.sort(np.random.default_rng(0).permutation(len(gold))[:max_n])
    return {"texts": [spec["texts"][i] for i in keep], "label": [gold[i] for i in keep],
            "goalset": load_goals(spec["goals"]), "n_a": None, "area": False}


def _area(mapper: Any, goal: str) -> str:
    return mapper.area_ids_[mapper.goal_ids_.index(goal)] if goal else ""


def _examples_fit(emb: Any, goalset: Any, X: np.ndarray, labels: list[str], texts: list[str]) -> Any:
    """``GoalMapper.fit(examples=...)`` with the judgements; "" (no goal) passed when the mapper takes it."""
    from nlp_varmland.errors import GoalFileError
    from nlp_varmland.goals import GoalMapper

    try:
        return GoalMapper(embedder=emb).fit(goalset, examples=(X, labels, texts))
    except GoalFileError:
        keep = [i for i, g in enumerate(labels) if g]
        return GoalMapper(embedder=emb).fit(goalset, examples=(X[keep], [labels[i] for i in keep],
                                                                [texts[i] for i in keep]))


def goal_curve(case: str, emb: Any, repeats: int, folder: Path, max_n: int = 600) -> dict[str, Any]:
    """Per fraction: untaught accuracy and the gain of each way of teaching on rest of A, B, reworded."""
    from nlp_varmland.feedback import FewShot, GoalVote, examples_guard, teach_forward, teach_goals
    from nlp_varmland.goals import GoalMapper
    from nlp_varmland.preprocessing import content_lemmas

    data = _goal_case(case, emb, folder, max_n)
    texts, label = data["texts"], np.array(data["label"], dtype=object)
    X = emb.encode(texts)
    lemmas = [" ".join(content_lemmas(t)) for t in texts]
    reworded = [reword(t) for t in texts]
    Xr = emb.encode(reworded)
    plain = GoalMapper(embedder=emb).fit(data["goalset"])
    gold = np.array([_area(plain, g) for g in label]) if data["area"] else label.astype(str)
    n = len(texts)

    def pred(mapper: Any, out: Any) -> np.ndarray:
        col = "area_id" if data["area"] else "goal_id"
        return out[col].fillna("").astype(str).to_numpy()

    curve: dict[str, dict[str, float]] = {}
    accepted: dict[str, list[float]] = {}
    parts_of = ("rest of A", "B", "reworded") if data["area"] else ("rest of A", "B")
    for frac in FRACTIONS:
        cells: dict[str, list[float]] = {}
        for A, B in _splits(n, data["n_a"], repeats):
            k = int(round(frac * len(A)))
            seen, rest = A[:k], A[k:]
            fs = FewShot(X[seen], label[seen].astype(str), texts=tuple(texts[i] for i in seen),
                         meetings=("A",) * k) if k else None
            meeting = ([texts[i] for i in rest], X[rest])  # with the judged ones: meeting A
            vote = GoalVote(plain, fs, meeting) if fs is not None else None
            taught = _examples_fit(emb, data["goalset"], X[seen], list(label[seen].astype(str)),
                                   [texts[i] for i in seen]) if k else plain
            # the pipeline (feedback.taught_goals): guarded examples, then the guarded vote and the pull
            mapper, pvote = plain, vote
            if fs is not None:
                guard = examples_guard(lambda e: plain if e is None else _examples_fit(emb, data["goalset"], *e),
                                       fs, meeting, lemmas=[lemmas[i] for i in rest])
                if guard.strength > 0:
                    mapper = taught
                    pvote = GoalVote(mapper, fs, meeting)
                key = f"{int(frac * 100)}%"
                accepted.setdefault(key + " vote", []).append(float(vote.strength > 0) if vote else 0.0)
                accepted.setdefault(key + " examples", []).append(guard.strength)
                accepted.setdefault(key + " pipeline vote", []).append(float(pvote.strength > 0) if pvote else 0.0)
            parts = {"rest of A": (rest, X, texts), "B": (B, X, texts), "reworded": (seen, Xr, reworded)}
            where = {"rest of A": "A", "B": "B", "reworded": "B"}  # a reworded remark: at a later meeting
            for part in parts_of:
                ids, Xs, tx = parts[part]
                if not len(ids):
                    continue
                sub, lem = [tx[i] for i in ids], [lemmas[i] for i in ids] if tx is texts else None
                S = plain.score_matrix(sub, Xs[ids], lem).to_numpy()
                base = _goals(plain, S)
                acc0 = float(np.mean(pred(plain, base) == gold[ids]))
                cells.setdefault(part, []).append(acc0)
                St = taught.score_matrix(sub, Xs[ids], lem).to_numpy() if taught is not plain else S
                joined = _goals(taught, St)
                variants = {"pull": teach_goals(plain, base, Xs[ids], sub, lem, fs, scores=S),
                            "vote+pull": teach_goals(plain, base, Xs[ids], sub, lem, fs, vote, scores=S),
                            "examples": joined,
                            "pipeline": teach_goals(mapper, joined if mapper is taught else base, Xs[ids], sub,
                                                    lem, fs, pvote, scores=St if mapper is taught else S)}
                for name, out in variants.items():
                    cells.setdefault(f"{part} +{name}", []).append(float(np.mean(pred(plain, out) == gold[ids])) - acc0)
                # the pipeline with forward teaching (feedback.taught_goals): the judgements of A
                # act on another meeting's statements only where their confident vote and the
                # examples-taught mapper agree; all judged statements are of A, so ``taught``
                forward, _ = teach_forward(plain, variants["pipeline"], Xs[ids], sub, lem, [where[part]] * len(ids),
                                           fs, lambda e, t=taught: t)
                cells.setdefault(f"{part} +forward", []).append(
                    float(np.mean(pred(plain, forward) == gold[ids])) - acc0)
        curve[f"{int(frac * 100)}%"] = _summary(cells)
    strengths = {f: {"accepted": int(np.sum(np.array(v) > 0)), "of": len(v)} for f, v in accepted.items()}
    return {"n": n, "n_b": n - data["n_a"] if data["n_a"] is not None else n - n // 2,
            "measure": "area accuracy" if data["area"] else "accuracy (no goal counts)", "curve": curve,
            "guards accepted": strengths}


def _goals(mapper: Any, S: np.ndarray) -> Any:
    """The goal columns ``transform`` gives, from the scores it chose them by (one scoring, not two)."""
    import pandas as pd

    rows = []
    for s in S:
        j = mapper._choose(s)
        goal = mapper.goal_ids_[j] if j >= 0 else ""
        rows.append({"goal_id": goal, "area_id": mapper.area_ids_[j] if j >= 0 else "",
                     "goal_score": float(s[j] if j >= 0 else s.max()), "goals": goal, "goal_evidence": "",
                     "emerging": j < 0})
    return pd.DataFrame(rows, columns=["goal_id", "area_id", "goal_score", "goals", "goal_evidence", "emerging"])


def _summary(cells: dict[str, list[float]]) -> dict[str, float]:
    out = {}
    for key, values in cells.items():
        out[key] = round(float(np.mean(values)), 4)
        if "+" in key:
            out[key + " worst"] = round(float(np.min(values)), 4)
    return out


def challenge_curve(emb: Any, repeats: int, case: str = "challenges") -> dict[str, Any]:
    from nlp_varmland.challenges import ChallengeDetector
    from nlp_varmland.feedback import ChallengeVote, FewShot
    from nlp_varmland.feedback_challenges import teach_challenges, teach_challenges_forward

    rows, n_a = _blind2(MEETING_SETS[case]) if case in MEETING_SETS else (_rows(CHALLENGES), None)
    texts = [r["text"] for r in rows]
    y = np.array([r["is_challenge"].strip().lower() in ("1", "true", "ja") for r in rows])
    X = emb.encode(texts)
    reworded = [reword(t) for t in texts]
    Xr = emb.encode(reworded)
    plain = ChallengeDetector(embedder=emb).fit()
    curve: dict[str, dict[str, float]] = {}
    accepted: dict[str, list[float]] = {}
    for frac in FRACTIONS:
        cells: dict[str, list[float]] = {}
        for A, B in _splits(len(rows), n_a, repeats):
            k = int(round(frac * len(A)))
            seen, rest = A[:k], A[k:]
            fs = FewShot(X[seen], y[seen], texts=tuple(texts[i] for i in seen), meetings=("A",) * k) if k else None
            vote = ChallengeVote(plain, fs, X[A]) if fs is not None else None
            if vote is not None:
                accepted.setdefault(f"{int(frac * 100)}%", []).append(vote.strength)
            for part, ids, Xs, tx in (("rest of A", rest, X, texts), ("B", B, X, texts),
                                      ("reworded", seen, Xr, reworded)):
                if not len(ids):
                    continue
                sub = [tx[i] for i in ids]
                p = plain.predict_proba(sub, Xs[ids])
                acc0 = float(np.mean((p >= plain.threshold) == y[ids]))
                cells.setdefault(part, []).append(acc0)
                for name, v in (("pull", None), ("vote+pull", vote)):
                    q = teach_challenges(p, Xs[ids], fs, v)
                    acc = float(np.mean((q >= plain.threshold) == y[ids]))
                    cells.setdefault(f"{part} +{name}", []).append(acc - acc0)
                # the pipeline (feedback_challenges.taught_challenges): the pull, then forward teaching on the
                # statements of another meeting (B and the reworded repeats; never the rest of A),
                # calibrated on all of meeting A as the analyst left it (judged x %, the rest as the
                # detector said)
                where = "A" if part == "rest of A" else "B"
                q = teach_challenges(p, Xs[ids], fs, None)
                q, _ = teach_challenges_forward(plain, p, q, Xs[ids], sub, [where] * len(ids), fs,
                                                judged_meetings={"A": ([texts[i] for i in A], X[A])})
                acc = float(np.mean((q >= plain.threshold) == y[ids]))
                cells.setdefault(f"{part} +forward", []).append(acc - acc0)
        curve[f"{int(frac * 100)}%"] = _summary(cells)
    strengths = {f: {"accepted": int(np.sum(np.array(v) > 0)), "of": len(v)} for f, v in accepted.items()}
    return {"n": len(rows), "n_b": len(rows) - (len(rows) // 2 if n_a is None else n_a), "measure": "accuracy",
            "curve": curve,
            "guards accepted": strengths}


def _judgements(kept: Any, gold: Any, every: int | None, half: bool) -> Any:
    """An analyst's review of meeting A (``kept``: its kept notes, in reading order) as a
    corrections table: every statement whose goal or challenge flag is wrong gets the right value
    (``half``: only the first half of them, in reading order); with ``every`` = k every k-th row
    that is right on both fields gets "ok" with the tool's values written (confirmations), the
    rows before the analyst stopped reading only. A corrected row carries the tool's other value
    and a comment when rows get "ok" (review.xlsx: the unchanged cell of a reviewed row is a
    confirmation); without "ok" the other cell stays empty (no opinion)."""
    import pandas as pd

    goal = kept["goal_id"].fillna("").astype(str)
    flag = kept["is_challenge"].astype(bool)
    g_ok = gold["goal_id"] == goal
    c_ok = gold["is_challenge"] == flag
    wrong = np.flatnonzero(~(g_ok & c_ok).to_numpy())
    if half:
        wrong = wrong[: (len(wrong) + 1) // 2]
    stop = (wrong[-1] if half and len(wrong) else len(kept) - 1)
    right = np.flatnonzero((g_ok & c_ok).to_numpy())
    right = right[right <= stop][::every] if every else right[:0]

    def shown(g: str) -> str:
        return g or "(inget mål)"

    rows = []
    for i in wrong:
        r = kept.iloc[i]
        new_goal = shown(gold["goal_id"].iloc[i]) if not g_ok.iloc[i] else (shown(goal.iloc[i]) if every else None)
        new_flag = bool(gold["is_challenge"].iloc[i]) if not c_ok.iloc[i] else (bool(flag.iloc[i]) if every else None)
        rows.append({"note_id": r["note_id"], "goal_id": new_goal, "is_challenge": new_flag,
                     "comment": "rättad" if every else None})
    for i in right:
        r = kept.iloc[i]
        rows.append({"note_id": r["note_id"], "goal_id": shown(goal.iloc[i]), "is_challenge": bool(flag.iloc[i]),
                     "comment": "ok"})
    return pd.DataFrame(rows, columns=["note_id", "goal_id", "is_challenge", "comment"]).astype(object)


def realistic_review(case: str, folder: Path) -> dict[str, Any]:
    """A real analyst's review, through the pipeline: meeting A of a two-meeting set is analysed
    into a store with the analyst's corrections (:data:`ANALYSTS`: every error of A corrected,
    selected, not random), then meeting B into the same store; right answers on B (goal, area,
    challenge flag) without and with the store, and the statements fixed / broken."""
    import pandas as pd

    import nlp_varmland as nv

    rows = pd.read_csv(MEETING_SETS[case], dtype=str, keep_default_na=False)
    rows["is_challenge"] = rows["is_challenge"].str.strip().str.lower().isin(("1", "true", "ja"))
    paths, parts = {}, {}
    for name, part in rows.groupby("meeting", sort=True):
        paths[name] = folder / f"{case}-{name}.csv"
        parts[name] = part.reset_index(drop=True)
        part.assign(date=f"{name}-15")[["meeting", "date", "text"]].to_csv(paths[name], index=False)
    first, second = sorted(paths)[:2]

    def kept_with_gold(notes: Any, meeting: str) -> tuple[Any, Any]:
        """The kept notes and their gold labels (by ``source_row``: the notes' text is cleaned)."""
        n = notes[notes["status"] == "kept"].reset_index(drop=True)
        return n, parts[meeting].iloc[n["source_row"].astype(int).to_numpy() - 1].reset_index(drop=True)

    def right(notes: Any) -> dict[str, np.ndarray]:
        n, g = kept_with_gold(notes, second)
        return {f: (g[f] == (n[f].astype(bool) if f == "is_challenge" else n[f].fillna("").astype(str))).to_numpy()
                for f in ("goal_id", "area_id", "is_challenge")}

    kept_a, gold_a = kept_with_gold(nv.analyze(paths[first], progress=False).notes, first)
    plain = right(nv.analyze(paths[second], progress=False).notes)
    out: dict[str, Any] = {"n_a": len(kept_a), "n_b": len(plain["goal_id"]),
                           "untaught": {f: int(v.sum()) for f, v in plain.items()}, "analysts": {}}
    for name, (every, half) in ANALYSTS.items():
        judged = _judgements(kept_a, gold_a, every, half)
        db = folder / f"{case}-{every}-{half}.sqlite"
        nv.analyze(paths[first], db=db, corrections=judged, progress=False)
        taught = nv.analyze(paths[second], db=db, progress=False)
        now = right(taught.notes)
        cell: dict[str, Any] = {"judged rows": len(judged), "ok rows": int((judged["comment"] == "ok").sum())}
        for f in plain:
            cell[f] = {"without": int(plain[f].sum()), "with": int(now[f].sum()),
                       "fixed": int(np.sum(now[f] & ~plain[f])), "broken": int(np.sum(plain[f] & ~now[f]))}
        cell["teaching"] = taught.run.get("teaching", {})
        out["analysts"][name] = cell
    return out


def _print_realistic(case: str, res: dict[str, Any]) -> None:
    print(f"\n{case} realistic review{' [report only]' if case in REPORT_ONLY else ''}: A {res['n_a']} "
          f"statements, B {res['n_b']}; right on B without -> with (fixed/broken)")
    for name, cell in res["analysts"].items():
        parts = [f"{f.split('_')[0] if f != 'is_challenge' else 'challenge'} {c['without']}->{c['with']} "
                 f"(+{c['fixed']}/-{c['broken']})" for f, c in cell.items() if isinstance(c, dict) and "with" in c]
        print(f"  {name:<46} judged {cell['judged rows']:>3} ({cell['ok rows']} ok): " + ", ".join(parts), flush=True)


def _print(title: str, result: dict[str, Any]) -> None:
    """One block per case: untaught accuracy, then gain (worst split) per way of teaching."""
    accepted = ", ".join(f"{f} {v['accepted']}/{v['of']}" for f, v in result["guards accepted"].items())
    print(f"\n{title} (n={result['n']}, B={result['n_b']}, {result['measure']}); guards accepted: {accepted}")
    curve = result["curve"]
    keys = list(dict.fromkeys(c for row in curve.values() for c in row))
    for part in ("rest of A", "B", "reworded"):
        cols = [c for c in keys if (c == part or c.startswith(part + " +")) and not c.endswith("worst")]
        if not cols:
            continue
        print(f"  {part + ':':<12}" + "".join(f"{'untaught' if c == part else c[len(part) + 1:]:>20}" for c in cols))
        for frac, row in curve.items():
            cells = []
            for c in cols:
                if c not in row:
                    cells.append(f"{'-':>20}")
                elif c == part:
                    cells.append(f"{row[c]:>20.3f}")
                else:
                    cells.append(f"{row[c]:>+11.3f} ({row[c + ' worst']:+.3f})")
            print(f"  {frac:>11} " + "".join(cells), flush=True)


def nearest_views(emb: Any, repeats: int, folder: Path, max_n: int = 600,
                  cases: tuple[str, ...] = GOAL_CASES) -> dict[str, Any]:
    """How often the nearest judged statement carries the right label (areas for the meeting
    sets), by whole-text vectors and by concept views (``embeddings.concepts``, idf over each
    meeting's statements): A judged 40 %, scored on the rest of A and on B, mean over the splits."""
    from nlp_varmland.embeddings import embed
    from nlp_varmland.embeddings.concepts import concept_vectors
    from nlp_varmland.preprocessing import content_lemmas

    out: dict[str, Any] = {}
    for case in cases:
        if case in MEETING_SETS and not MEETING_SETS[case].exists():
            continue
        data = _goal_case(case, emb, folder, max_n)
        texts = data["texts"]
        gs = data["goalset"]
        label = np.array([gs.area_of(g) if data["area"] and g else g for g in data["label"]], dtype=object)
        X = embed(texts, emb, progress=False)
        docs = [" ".join(content_lemmas(t)) for t in texts]
        row: dict[str, list[float]] = {}
        for a, b in _splits(len(texts), data["n_a"], repeats):
            views = {"whole": X}
            C = np.empty_like(X)
            for part in (a, b):  # each meeting is its own run: its own idf
                C[part] = concept_vectors(X[part], [docs[i] for i in part], emb)
            views["concept"] = C
            judged, rest = a[: int(0.4 * len(a))], a[int(0.4 * len(a)):]
            for name, V in views.items():
                for where, idx in (("rest of A", rest), ("B", b)):
                    nn = judged[np.argmax(V[idx] @ V[judged].T, axis=1)]
                    row.setdefault(f"{name} {where}", []).append(float(np.mean(label[idx] == label[nn])))
        out[case] = {k: round(float(np.mean(v)), 3) for k, v in row.items()}
        print(case, out[case], flush=True)
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="random splits per fraction")
    parser.add_argument("--embedder", default="e5")
    parser.add_argument("--cases", default=",".join(CASES),
                        help=f"comma-separated, of {', '.join(CASES)} ({', '.join(REPORT_ONLY)}: report only, "
                             f"the blind2/blind3 cases are skipped when their file is absent)")
    parser.add_argument("--max-n", type=int, default=600,
                        help="statements drawn from each external case (SuperLim, SIB-200): the learning curve "
                             "scores every meeting several times")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/corrections.json")
    parser.add_argument("--review", choices=("random", "realistic", "both"), default="both",
                        help="random: the learning curve (a random x %% of A judged); realistic: an analyst "
                             "corrects every error of A (through the pipeline, two-meeting sets only); both")
    parser.add_argument("--nearest", action="store_true",
                        help="only: the nearest judged statement's accuracy by whole-text and concept vectors")
    args = parser.parse_args(argv if argv is not None else [])
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = sorted(set(cases) - set(CASES))
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")

    from nlp_varmland.embeddings import CachedEmbedder, EmbeddingCache, get_embedder

    t0 = time.perf_counter()
    emb = CachedEmbedder(get_embedder(args.embedder), cache=EmbeddingCache(), progress=False)
    if args.nearest:
        with tempfile.TemporaryDirectory(prefix="bench-corrections-") as tmp:
            return nearest_views(emb, args.repeats, Path(tmp), args.max_n,
                                 tuple(c for c in cases if c in GOAL_CASES))
    result: dict[str, Any] = {"embedder": emb.model_id, "repeats": args.repeats, "cases": {}, "realistic": {}}
    with tempfile.TemporaryDirectory(prefix="bench-corrections-") as tmp:
        sets = dict.fromkeys(c.removesuffix("-challenges") for c in cases if c in MEETING_SETS)
        for case in sets if args.review != "random" else ():
            if not MEETING_SETS[case].exists():
                print(f"\n{case} realistic review: skipped ({MEETING_SETS[case].relative_to(ROOT)} is absent)")
                continue
            result["realistic"][case] = realistic_review(case, Path(tmp))
            _print_realistic(case, result["realistic"][case])
        for case in cases if args.review != "realistic" else ():
            if case in MEETING_SETS and not MEETING_SETS[case].exists():
                print(f"\n{case}: skipped ({MEETING_SETS[case].relative_to(ROOT)} is absent)")
                continue
            res = challenge_curve(emb, args.repeats, case) if case.endswith("challenges") else \
                goal_curve(case, emb, args.repeats, Path(tmp), args.max_n)
            result["cases"][case] = res
            _print(case + (" [report only: no setting is chosen on it]" if case in REPORT_ONLY else ""), res)
    result["seconds"] = round(time.perf_counter() - t0, 1)
    print(f"\n{result['seconds']} s, {args.repeats} splits per fraction, embedder {emb.model_id}")
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "corrections.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), "utf-8")
    return result


if __name__ == "__main__":
    main(__import__("sys").argv[1:])
